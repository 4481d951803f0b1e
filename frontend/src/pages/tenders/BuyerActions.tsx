import { type FormEvent, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { bidLinks, bidsApi } from "../../api/bids";
import { fieldError, nestedFieldError } from "../../api/errors";
import { type TenderDetail, type TenderDocument, tenderLinks, tendersApi } from "../../api/tenders";
import { uploadForm } from "../../api/upload";
import { ErrorSummary, SelectField, TextField } from "../../components/Forms";
import { LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { ParisTime, Section, SuccessNotice, UploadProgress } from "../../tenders/components";
import { plural } from "../../text";
import { formatBytes, isFuture } from "../../tenders/format";
import { signatureLabel } from "../../tenders/labels";
import { type ContractState, contractPayload, emptyContract } from "../../tenders/contract";
import { AwardContractFields } from "./AwardContractFields";

interface Props {
  tender: TenderDetail;
  onChange(): void;
}

function DocumentUpload({ tender, onDone }: { tender: TenderDetail; onDone(message: string): void }) {
  const [title, setTitle] = useState("");
  const [note, setNote] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const published = tender.status !== "draft";

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("title", title);
    form.append("file", file, file.name);
    if (note) form.append("change_note", note);
    setPercent(0);
    const ok = await action.run(() =>
      uploadForm<TenderDocument>(tenderLinks.documents(tender.id), form, { onProgress: setPercent }),
    );
    if (ok) {
      setTitle("");
      setNote("");
      setFile(null);
      setPercent(null);
      if (input.current) input.current.value = "";
      onDone(
        published
          ? "Pièce ajoutée : les entreprises qui ont retiré le DCE sont prévenues de la modification."
          : "Pièce ajoutée au DCE.",
      );
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="ajout-piece">
      <h3 id="ajout-piece">Ajouter une pièce au DCE</h3>
      {published && (
        <p className="notice notice-info">
          La consultation est publiée : c'est une modification du DCE, notifiée à tous ceux qui
          l'ont retiré.
        </p>
      )}
      <ErrorSummary error={action.error} />
      <TextField
        id="piece-titre"
        label="Intitulé de la pièce"
        hint="Par exemple : Règlement de la consultation. Vide : le nom du fichier."
        value={title}
        maxLength={200}
        error={fieldError(action.error, "title")}
        onChange={(event) => setTitle(event.target.value)}
      />
      <div className={fieldError(action.error, "file") ? "field field-invalid" : "field"}>
        <label htmlFor="piece-fichier">Fichier</label>
        {fieldError(action.error, "file") && (
          <p className="field-error" id="piece-fichier-error">
            {fieldError(action.error, "file")}
          </p>
        )}
        <input
          ref={input}
          id="piece-fichier"
          type="file"
          required
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      {published && (
        <TextField
          id="piece-note"
          label="Nature de la modification"
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      )}
      {percent !== null && <UploadProgress id="progression-piece" label="Envoi de la pièce" percent={percent} />}
      <button type="submit" className="button" disabled={action.busy || !file}>
        {action.busy ? "Envoi…" : "Ajouter la pièce"}
      </button>
    </form>
  );
}

function DocumentRows({ tender, onChange }: Props) {
  const action = useAction();
  if (tender.status !== "draft" || tender.documents.length === 0) return null;
  return (
    <>
      <ErrorSummary error={action.error} />
      <ul className="documents">
        {tender.documents.map((document) => (
          <li key={document.id}>
            {document.title || document.current_version?.name}{" "}
            <button
              type="button"
              className="button button-small button-secondary"
              disabled={action.busy}
              onClick={async () => {
                if (await action.run(() => tendersApi().deleteDocument(tender.id, document.id))) onChange();
              }}
            >
              Retirer<span className="visually-hidden"> la pièce {document.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function ReasonForm({
  id,
  label,
  button,
  required,
  run,
}: {
  id: string;
  label: string;
  button: string;
  required: boolean;
  run(reason: string): Promise<unknown>;
}) {
  const [reason, setReason] = useState("");
  const action = useAction();
  const error = fieldError(action.error, "reason");
  return (
    <form
      className="form inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        await action.run(() => run(reason));
      }}
    >
      <ErrorSummary error={error ? null : action.error} />
      <div className={error ? "field field-invalid" : "field"}>
        <label htmlFor={id}>{label}</label>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <textarea
          id={id}
          rows={2}
          required={required}
          value={reason}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <button type="submit" className="button button-danger" disabled={action.busy}>
        {button}
      </button>
    </form>
  );
}

interface AwardRow {
  lot: string;
  amount: string;
  date: string;
  companies: Array<{ siret: string; name: string }>;
  contract: ContractState;
}

const emptyAward = (): AwardRow => ({
  lot: "",
  amount: "",
  date: "",
  companies: [{ siret: "", name: "" }],
  contract: emptyContract(),
});

const filledCompanies = (row: AwardRow) => row.companies.filter((company) => company.siret.trim());

/** Lots without an award yet: lots are awarded together or one by one. */
function lotsToAward(tender: Props["tender"]) {
  const awarded = new Set(tender.awards.map((award) => award.lot_number));
  return tender.lots.filter((lot) => !awarded.has(lot.number));
}

function AwardForm({ tender, onChange }: Props) {
  const lots = lotsToAward(tender);
  const [rows, setRows] = useState<AwardRow[]>([emptyAward()]);
  const action = useAction();
  const set = (index: number, change: Partial<AwardRow>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const setContract = (index: number, change: Partial<ContractState>) =>
    setRows((current) =>
      current.map((row, i) => (i === index ? { ...row, contract: { ...row.contract, ...change } } : row)),
    );
  // Errors come keyed by the award's position (and a titulaire's), as the API sends them.
  const awardError = (index: number, ...path: Array<string | number>) =>
    nestedFieldError(action.error, ["awards", index, ...path]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const awards = rows.map((row) => {
      const companies = filledCompanies(row);
      return {
        ...(row.lot ? { lot_number: Number(row.lot) } : {}),
        amount: row.amount.replace(",", ".").replace(/\s/g, ""),
        notification_date: row.date || null,
        companies: companies.map((company) => ({
          siret: company.siret.replace(/\s/g, ""),
          name: company.name.trim(),
        })),
        ...contractPayload(row.contract, companies.length),
      };
    });
    if (await action.run(() => tendersApi().award(tender.id, { awards }))) onChange();
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="attribuer">
      <h3 id="attribuer">Attribuer</h3>
      <ErrorSummary error={action.error} />
      {rows.map((row, index) => (
        <fieldset key={index} className="award">
          <legend>Attribution {rows.length > 1 ? index + 1 : ""}</legend>
          {lots.length > 0 && (
            <SelectField
              id={`attribution-${index}-lot`}
              label="Lot"
              required
              value={row.lot}
              error={awardError(index, "lot_number")}
              onChange={(event) => set(index, { lot: event.target.value })}
            >
              <option value="">Choisir…</option>
              {lots.map((lot) => (
                <option key={lot.number} value={lot.number}>
                  Lot {lot.number} — {lot.title}
                </option>
              ))}
            </SelectField>
          )}
          <div className="field-row">
            <TextField
              id={`attribution-${index}-montant`}
              label="Montant (€ HT)"
              inputMode="decimal"
              required
              value={row.amount}
              error={awardError(index, "amount")}
              onChange={(event) => set(index, { amount: event.target.value })}
            />
            <TextField
              id={`attribution-${index}-date`}
              label="Date de notification"
              type="date"
              value={row.date}
              error={awardError(index, "notification_date")}
              onChange={(event) => set(index, { date: event.target.value })}
            />
          </div>
          {awardError(index, "companies") &&
            !row.companies.some((_, i) => awardError(index, "companies", i)) && (
              <p className="field-error">{awardError(index, "companies")}</p>
            )}
          {row.companies.map((company, companyIndex) => {
            // Its position in the request, where empty rows are left out.
            const sent = filledCompanies({ ...row, companies: row.companies.slice(0, companyIndex) }).length;
            const companyError = (field: string) =>
              company.siret.trim() ? awardError(index, "companies", sent, field) : undefined;
            return (
              <div className="field-row" key={companyIndex}>
                <TextField
                  id={`attribution-${index}-siret-${companyIndex}`}
                  label={`SIRET de l'entreprise${row.companies.length > 1 ? ` ${companyIndex + 1}` : ""}`}
                  hint="14 chiffres."
                  inputMode="numeric"
                  required={companyIndex === 0}
                  value={company.siret}
                  error={companyError("siret")}
                  onChange={(event) =>
                    set(index, {
                      companies: row.companies.map((c, i) => (i === companyIndex ? { ...c, siret: event.target.value } : c)),
                    })
                  }
                />
                <TextField
                  id={`attribution-${index}-nom-${companyIndex}`}
                  label="Raison sociale"
                  hint="Facultative si l'entreprise est inscrite sur la plate-forme."
                  value={company.name}
                  error={companyError("name")}
                  onChange={(event) =>
                    set(index, {
                      companies: row.companies.map((c, i) => (i === companyIndex ? { ...c, name: event.target.value } : c)),
                    })
                  }
                />
              </div>
            );
          })}
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => set(index, { companies: [...row.companies, { siret: "", name: "" }] })}
          >
            Ajouter un cotraitant
          </button>
          <AwardContractFields
            id={`attribution-${index}`}
            value={row.contract}
            titulaires={filledCompanies(row).length}
            onChange={(change) => setContract(index, change)}
            error={(field) => awardError(index, field)}
          />
        </fieldset>
      ))}
      {lots.length > 1 && rows.length < lots.length && (
        <p>
          <button type="button" className="button button-small button-secondary" onClick={() => setRows([...rows, emptyAward()])}>
            Attribuer un autre lot
          </button>
        </p>
      )}
      <button type="submit" className="button" disabled={action.busy}>
        Enregistrer l'attribution
      </button>
    </form>
  );
}

function OpenedBids({ tender }: { tender: TenderDetail }) {
  const [state] = useLoad(`bids-${tender.id}-${tender.status}`, () => bidsApi().forTender(tender.id));
  if (state.status === "error") return <LoadError error={state.error} />;
  const bids = state.data;
  if (!bids) return <p className="loading">Chargement des plis…</p>;
  if (bids.length === 0) return <p>Aucun pli reçu.</p>;
  return (
    <div className="table-wrapper">
      <table>
        <caption>Plis ouverts ({bids.length})</caption>
        <thead>
          <tr>
            <th scope="col">Entreprise</th>
            <th scope="col">Lot</th>
            <th scope="col">Reçu le</th>
            <th scope="col">Fichiers</th>
          </tr>
        </thead>
        <tbody>
          {bids.map((bid) => (
            <tr key={bid.id}>
              <th scope="row">
                {bid.company.name} (SIRET {bid.company.siret})
                {bid.is_current === false && <span className="badge">remplacé</span>}
              </th>
              <td>{bid.lot ? `${bid.lot.number} — ${bid.lot.title}` : "—"}</td>
              <td>
                <ParisTime iso={bid.submitted_at} />
              </td>
              <td>
                <ul className="plain">
                  {bid.files.map((file) => (
                    <li key={file.sha256 + file.name}>
                      <a href={bidLinks.file(tender.id, bid.id, file.id)} download>
                        {file.name}
                      </a>{" "}
                      <span className="meta">
                        {formatBytes(file.size)} · {signatureLabel(file.signature_status)}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Before opening, the buyer knows how many bids arrived, never who sent them. */
function SealedCount({ tender }: { tender: TenderDetail }) {
  const [state] = useLoad(`bid-count-${tender.id}-${tender.status}`, () => bidsApi().count(tender.id));
  if (!state.data) return null;
  const { bids, companies } = state.data;
  return (
    <p>
      <strong>{plural(bids, "pli reçu", "plis reçus")}</strong> ({plural(companies, "entreprise")}),
      scellé{bids > 1 ? "s" : ""} jusqu'à l'ouverture.
    </p>
  );
}

function DownloadRegister({ tender }: { tender: TenderDetail }) {
  const [shown, setShown] = useState(false);
  const [state] = useLoad(`register-${tender.id}-${shown}`, () =>
    shown ? tendersApi().downloadRegister(tender.id) : Promise.resolve(null),
  );
  return (
    <details onToggle={(event) => setShown((event.target as HTMLDetailsElement).open)}>
      <summary>Registre des retraits</summary>
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && (
        <div className="table-wrapper">
          <table>
            <caption>{state.data.count} retrait(s) du DCE</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Qui</th>
                <th scope="col">Pièce</th>
              </tr>
            </thead>
            <tbody>
              {state.data.results.map((row) => (
                <tr key={row.id}>
                  <td>
                    <ParisTime iso={row.at} />
                  </td>
                  <td>
                    {row.company ? `${row.company.name} (${row.company.siret})` : (row.user ?? "Anonyme")}
                  </td>
                  <td>{row.version ? `${row.version.document_title} (v${row.version.number})` : "DCE complet (ZIP)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** The buyer's side of a tender page: the DCE, publication, opening, award, cancellation. */
/** Closed or opened with no acceptable bid: the buyer ends the consultation without award. */
function UnsuccessfulBlock({ tender, done }: { tender: TenderDetail; done(message: string): void }) {
  return (
    <div className="action-block">
      <h3>Déclarer infructueuse</h3>
      <ReasonForm
        id="motif-infructueux"
        label="Motif (facultatif)"
        button="Déclarer la consultation infructueuse"
        required={false}
        run={async (reason) => {
          await tendersApi().unsuccessful(tender.id, reason);
          done("Consultation déclarée infructueuse.");
        }}
      />
    </div>
  );
}

export function BuyerActions({ tender, onChange }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const publish = useAction();
  const openAction = useAction();
  const deadlinePassed = !isFuture(tender.response_deadline);
  const done = (text: string) => {
    setMessage(text);
    onChange();
  };
  const editable = tender.status === "draft" || tender.status === "published";
  const canOpen = tender.status === "closed" || (tender.status === "published" && deadlinePassed);
  const active = ["draft", "published", "closed", "opened"].includes(tender.status ?? "");
  const opened = ["opened", "awarded", "unsuccessful"].includes(tender.status ?? "");

  return (
    <Section id="acheteur" title="Gestion de la consultation">
      <SuccessNotice message={message} />
      {editable && (
        <p>
          <Link className="button button-secondary" to={`/marches/${tender.id}/modifier`}>
            Modifier la consultation
          </Link>
        </p>
      )}
      {editable && (
        <>
          <DocumentRows tender={tender} onChange={onChange} />
          <DocumentUpload tender={tender} onDone={done} />
        </>
      )}
      {tender.status === "draft" && (
        <div className="action-block">
          <h3>Publication</h3>
          <p>
            Publier exige une date limite de remise des offres future, une date limite des
            questions qui la précède et au moins une pièce au DCE.
          </p>
          <ErrorSummary error={publish.error} />
          <button
            type="button"
            className="button"
            disabled={publish.busy}
            onClick={async () => {
              if (await publish.run(() => tendersApi().publish(tender.id))) done("Consultation publiée.");
            }}
          >
            Publier la consultation
          </button>
        </div>
      )}
      {tender.status === "published" && !deadlinePassed && (
        <p>
          Les plis restent scellés jusqu'à la date limite (<ParisTime iso={tender.response_deadline} />
          ) : personne ne peut les lire avant.
        </p>
      )}
      {(tender.status === "published" || tender.status === "closed") && <SealedCount tender={tender} />}
      {canOpen && (
        <div className="action-block">
          <h3>Ouverture des plis</h3>
          <p>La date limite est passée : les plis peuvent être ouverts. L'ouverture est journalisée.</p>
          <ErrorSummary error={openAction.error} />
          <button
            type="button"
            className="button"
            disabled={openAction.busy}
            onClick={async () => {
              if (await openAction.run(() => tendersApi().open(tender.id))) done("Plis ouverts.");
            }}
          >
            Ouvrir les plis
          </button>
        </div>
      )}
      {opened && (
        <div className="action-block">
          <h3>Plis reçus</h3>
          <OpenedBids tender={tender} />
        </div>
      )}
      {tender.status === "opened" && (
        <>
          <AwardForm tender={tender} onChange={() => done("Consultation attribuée.")} />
          <UnsuccessfulBlock tender={tender} done={done} />
        </>
      )}
      {tender.status === "awarded" && lotsToAward(tender).length > 0 && (
        <AwardForm tender={tender} onChange={() => done("Lot attribué.")} />
      )}
      {tender.status === "closed" && (
        <UnsuccessfulBlock tender={tender} done={done} />
      )}
      {active && (
        <details className="action-block">
          <summary>Annuler la consultation</summary>
          <ReasonForm
            id="motif-annulation"
            label="Motif de l'annulation (obligatoire, communiqué aux entreprises)"
            button="Annuler la consultation"
            required
            run={async (reason) => {
              await tendersApi().cancel(tender.id, reason);
              done("Consultation annulée.");
            }}
          />
        </details>
      )}
      {tender.status !== "draft" && <DownloadRegister tender={tender} />}
    </Section>
  );
}
