import { Link, useParams } from "react-router-dom";
import { type TenderDetail, tenderLinks, tendersApi } from "../../api/tenders";
import { useAuth } from "../../auth/AuthContext";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useLoad } from "../../hooks";
import { ParisTime, Section, StatusBadge, useFocusHeadingWhenReady } from "../../tenders/components";
import { formatBytes, formatEuros } from "../../tenders/format";
import { timelineLabel } from "../../tenders/labels";
import { NotFoundPage } from "../NotFoundPage";
import { AwardsSection } from "./AwardsSection";
import { BidSection } from "./BidSection";
import { CompanyAwardSteps } from "./CompanyAwardSteps";
import { BuyerActions } from "./buyer/BuyerActions";
import { QuestionsSection } from "./QuestionsSection";
import { CandidatureDeposit, CandidatureSelection } from "./procedure/CandidaturePhase";
import { BuyerMessaging, CompanyMessaging } from "./procedure/Messaging";
import { OpeningRegister } from "./procedure/OpeningRegister";

function Summary({ tender }: { tender: TenderDetail }) {
  return (
    <dl className="details">
      <dt>Référence</dt>
      <dd>{tender.reference}</dd>
      <dt>Statut</dt>
      <dd>
        <StatusBadge status={tender.status} label={tender.status_label} />
        {tender.cancel_reason && <> — motif : {tender.cancel_reason}</>}
      </dd>
      <dt>{tender.group_members.length > 0 ? "Coordonnateur du groupement" : "Acheteur"}</dt>
      <dd>
        <Link to={`/collectivites/${tender.buyer.id}`}>{tender.buyer.name}</Link> (
        {tender.buyer.departement_code})
      </dd>
      <dt>Procédure</dt>
      <dd>{tender.procedure_label}</dd>
      <dt>Nature</dt>
      <dd>{tender.nature_label}</dd>
      <dt>Codes CPV</dt>
      <dd>{tender.cpv_codes.length > 0 ? tender.cpv_codes.join(", ") : "—"}</dd>
      <dt>Valeur estimée</dt>
      <dd>{formatEuros(tender.estimated_value) || "—"}</dd>
      <dt>Lieu d'exécution</dt>
      <dd>{tender.place_of_performance || "—"}</dd>
      <dt>Publication</dt>
      <dd>
        <ParisTime iso={tender.published_at} fallback="Non publiée" />
      </dd>
      <dt>Date limite des questions</dt>
      <dd>
        <ParisTime iso={tender.question_deadline} />
      </dd>
      <dt>Date limite de remise des offres</dt>
      <dd>
        <ParisTime iso={tender.response_deadline} />
      </dd>
      {tender.publicity_required === false && (
        <>
          <dt>Publicité</dt>
          <dd>Non obligatoire sous les seuils en vigueur</dd>
        </>
      )}
    </dl>
  );
}

function Lots({ tender }: { tender: TenderDetail }) {
  if (tender.lots.length === 0) return null;
  return (
    <Section id="lots" title="Lots">
      <div className="table-wrapper">
        <table>
          <caption className="visually-hidden">Lots de la consultation</caption>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Intitulé</th>
              <th scope="col">CPV</th>
              <th scope="col">Valeur estimée</th>
            </tr>
          </thead>
          <tbody>
            {tender.lots.map((lot) => (
              <tr key={lot.number}>
                <td>{lot.number}</td>
                <th scope="row">
                  {lot.title}
                  {lot.description && <p className="meta">{lot.description}</p>}
                </th>
                <td>{lot.cpv_code || "—"}</td>
                <td>{formatEuros(lot.estimated_value) || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Group({ tender }: { tender: TenderDetail }) {
  if (tender.group_members.length === 0) return null;
  return (
    <Section id="groupement" title="Groupement de commandes">
      <p>
        Coordonnateur : <strong>{tender.buyer.name}</strong>. Membres du groupement et leurs
        besoins estimés :
      </p>
      <ul>
        {tender.group_members.map((member) => (
          <li key={member.collectivite.id}>
            <Link to={`/collectivites/${member.collectivite.id}`}>{member.collectivite.name}</Link>
            {member.needs.length > 0 && (
              <ul>
                {member.needs.map((need, index) => (
                  <li key={index}>
                    {need.lot_number ? `Lot ${need.lot_number} : ` : ""}
                    {[need.quantity, formatEuros(need.amount)].filter(Boolean).join(" — ") || "—"}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Documents({ tender }: { tender: TenderDetail }) {
  const documents = tender.documents.filter((document) => document.current_version);
  return (
    <Section id="dce" title="Dossier de consultation (DCE)">
      {documents.length === 0 ? (
        <p>Le DCE ne comporte encore aucune pièce.</p>
      ) : (
        <>
          <p>
            Téléchargement libre. Connecté·e, vous serez prévenu·e de toute modification du DCE
            et des réponses aux questions.
          </p>
          <ul className="documents">
            {documents.map((document) => {
              const version = document.current_version!;
              return (
                <li key={document.id}>
                  <a href={tenderLinks.document(tender.id, document.id)} download={version.name}>
                    {document.title || version.name}
                    <span className="visually-hidden"> — télécharger</span>
                  </a>{" "}
                  <span className="meta">
                    {version.name} · {formatBytes(version.size)} · version {version.number}
                    {" · "}
                    <ParisTime iso={version.uploaded_at} />
                  </span>
                  {version.change_note && <p className="meta">Modification : {version.change_note}</p>}
                </li>
              );
            })}
          </ul>
          <p>
            <a className="button button-secondary" href={tenderLinks.dceZip(tender.id)} download>
              Télécharger tout le DCE (ZIP)
            </a>
          </p>
        </>
      )}
    </Section>
  );
}

function Timeline({ tenderId, version }: { tenderId: number; version: string }) {
  const [events] = useLoad(`timeline-${tenderId}-${version}`, () => tendersApi().timeline(tenderId));
  return (
    <Section id="historique" title="Historique">
      {events.status === "error" && <LoadError error={events.error} />}
      {events.data && events.data.length === 0 && <p>Aucun événement.</p>}
      {events.data && events.data.length > 0 && (
        <ol className="timeline">
          {events.data.map((event, index) => (
            <li key={index}>
              <ParisTime iso={event.at} /> — {timelineLabel(event.action)}
              {event.actor && <span className="meta"> ({event.actor})</span>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

export function TenderPage() {
  const params = useParams();
  const id = Number(params.id);
  const { me } = useAuth();
  const [state, reload] = useLoad(`tender-${id}-${me?.id ?? "anon"}`, () => tendersApi().get(id));
  useFocusHeadingWhenReady(state.data !== undefined);
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (state.status === "error" && state.error.is("not_found")) return <NotFoundPage />;
  const tender = state.data;
  if (!tender) {
    return state.status === "error" ? <LoadError error={state.error} /> : <Loading />;
  }
  // Children reload their own data when the tender changes (status, documents).
  const version = `${tender.status}-${tender.documents.map((d) => d.current_version?.id).join(",")}`;

  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/marches">Salle des marchés</Link> › {tender.reference}
      </nav>
      <PageHeading title={tender.title} />
      <Summary tender={tender} />
      {tender.object && (
        <Section id="objet" title="Objet">
          <p className="prewrap">{tender.object}</p>
        </Section>
      )}
      <Lots tender={tender} />
      <Group tender={tender} />
      <Documents tender={tender} />
      <AwardsSection tender={tender} />
      {tender.can_manage && <BuyerActions tender={tender} onChange={reload} />}
      {tender.can_manage && <CandidatureSelection tender={tender} onChange={reload} />}
      {tender.can_manage && <OpeningRegister tender={tender} />}
      {tender.can_manage && <BuyerMessaging tender={tender} />}
      <QuestionsSection tender={tender} />
      {me?.company && !tender.can_manage && <CandidatureDeposit tender={tender} />}
      {me?.company && !tender.can_manage && <CompanyMessaging tender={tender} />}
      {me?.company && !tender.can_manage && <BidSection tender={tender} />}
      {me?.company && !tender.can_manage && <CompanyAwardSteps tender={tender} />}
      <Timeline tenderId={tender.id} version={version} />
    </>
  );
}
