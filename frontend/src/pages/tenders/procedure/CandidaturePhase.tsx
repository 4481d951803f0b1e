import { type FormEvent, useState } from "react";
import { procedureApi, procedureLinks } from "../../../api/procedure";
import type { TenderDetail } from "../../../api/tenders";
import { ErrorSummary } from "../../../components/Forms";
import { LoadError } from "../../../components/Status";
import { useAction, useLoad } from "../../../hooks";
import { ParisTime, Section, SuccessNotice } from "../../../tenders/components";
import { isFuture } from "../../../tenders/format";

const TWO_PHASE = ["appel_offres_restreint", "negociation", "dialogue_competitif"];

export function isTwoPhase(tender: TenderDetail): boolean {
  return TWO_PHASE.includes(tender.procedure);
}

/** A company's side of the candidature phase: the checklist, its deposit, its decision. */
export function CandidatureDeposit({ tender }: { tender: TenderDetail }) {
  const [requirements] = useLoad(`req-${tender.id}`, () => procedureApi().requirements(tender.id));
  const [mine, reload] = useLoad(`cand-${tender.id}`, () => procedureApi().myCandidatures(tender.id));
  const [files, setFiles] = useState<Record<number, File | null>>({});
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  if (!isTwoPhase(tender)) return null;
  const open = tender.status === "published" && isFuture(tender.candidature_deadline);
  const items = requirements.data ?? [];
  const current = (mine.data ?? []).find((row) => row.is_current);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const chosen = items.filter((item) => files[item.id]);
    const ok = await action.run(() =>
      procedureApi().submitCandidature(
        tender.id,
        chosen.map((item) => files[item.id] as File),
        chosen.map((item) => item.id),
      ),
    );
    if (ok) {
      setMessage("Candidature déposée : elle reste scellée jusqu'à la date limite.");
      reload();
    }
  }

  return (
    <Section id="candidature" title="Candidature">
      <SuccessNotice message={message} />
      {current && (
        <p>
          Votre candidature du <ParisTime iso={current.submitted_at} /> :{" "}
          {current.status === "admitted"
            ? current.invited_at
              ? "admise — vous êtes invité à remettre une offre."
              : "admise."
            : current.status === "rejected"
              ? `non retenue (motif : ${current.decision_reason}).`
              : "déposée, en attente de l'examen."}
        </p>
      )}
      {open ? (
        <form className="form" onSubmit={onSubmit}>
          <p>
            Date limite de réception des candidatures : <ParisTime iso={tender.candidature_deadline} />.
            Un nouveau dépôt remplace le précédent.
          </p>
          <ErrorSummary error={action.error} />
          {requirements.status === "error" && <LoadError error={requirements.error} />}
          {items.map((item) => (
            <div className="field" key={item.id}>
              <label htmlFor={`piece-${item.id}`}>
                {item.label}
                {item.required ? " (obligatoire)" : " (facultatif)"}
              </label>
              <input
                id={`piece-${item.id}`}
                type="file"
                onChange={(event) =>
                  setFiles({ ...files, [item.id]: event.target.files?.[0] ?? null })
                }
              />
            </div>
          ))}
          <button type="submit" className="button" disabled={action.busy}>
            Déposer ma candidature
          </button>
        </form>
      ) : (
        !current && <p>La phase de candidature est close.</p>
      )}
    </Section>
  );
}

/** The buyer's side: the candidatures received, admission or rejection, the invitations. */
export function CandidatureSelection({
  tender,
  onChange,
}: {
  tender: TenderDetail;
  onChange: () => void;
}) {
  const due = isTwoPhase(tender) && !isFuture(tender.candidature_deadline);
  const [state, reload] = useLoad(`cands-${tender.id}-${tender.response_deadline}`, () =>
    due ? procedureApi().candidatures(tender.id) : Promise.resolve([]),
  );
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [deadline, setDeadline] = useState("");
  const action = useAction();
  if (!isTwoPhase(tender) || tender.status === "draft") return null;
  if (!due)
    return (
      <Section id="selection" title="Sélection des candidatures">
        <p>
          Les candidatures sont scellées jusqu'au <ParisTime iso={tender.candidature_deadline} />.
        </p>
      </Section>
    );
  const rows = state.data ?? [];
  const invited = tender.response_deadline !== null && tender.response_deadline !== undefined;

  async function decide(id: number, admitted: boolean) {
    if (await action.run(() => procedureApi().decide(tender.id, id, admitted, reasons[id] ?? "")))
      reload();
  }

  async function invite(event: FormEvent) {
    event.preventDefault();
    const iso = new Date(deadline).toISOString();
    if (await action.run(() => procedureApi().invite(tender.id, iso))) onChange();
  }

  return (
    <Section id="selection" title="Sélection des candidatures">
      <ErrorSummary error={action.error} />
      {state.status === "error" && <LoadError error={state.error} />}
      {rows.length === 0 && <p>Aucune candidature reçue.</p>}
      <ul className="plain">
        {rows.map((row) => (
          <li key={row.id} className="action-block">
            <h3>
              {row.company.name} (SIRET {row.company.siret}) —{" "}
              {row.status === "admitted" ? "admise" : row.status === "rejected" ? "rejetée" : "à examiner"}
            </h3>
            <ul>
              {row.files.map((file) => (
                <li key={file.id}>
                  <a href={procedureLinks.candidatureFile(tender.id, row.id, file.id)} download>
                    {file.name}
                  </a>
                </li>
              ))}
            </ul>
            {!invited && (
              <>
                <div className="field">
                  <label htmlFor={`motif-${row.id}`}>Motif (obligatoire pour un rejet)</label>
                  <input
                    id={`motif-${row.id}`}
                    value={reasons[row.id] ?? row.decision_reason ?? ""}
                    onChange={(event) => setReasons({ ...reasons, [row.id]: event.target.value })}
                  />
                </div>
                <button type="button" className="button" onClick={() => decide(row.id, true)}>
                  Admettre
                </button>{" "}
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => decide(row.id, false)}
                >
                  Rejeter
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {invited ? (
        <p>
          Invitations envoyées ; date limite de remise des offres :{" "}
          <ParisTime iso={tender.response_deadline} />.
        </p>
      ) : (
        <form className="form" onSubmit={invite}>
          <div className="field">
            <label htmlFor="offres-date">Date limite de remise des offres</label>
            <input
              id="offres-date"
              type="datetime-local"
              required
              value={deadline}
              onChange={(event) => setDeadline(event.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={action.busy}>
            Inviter les candidats admis à soumissionner
          </button>
        </form>
      )}
    </Section>
  );
}
