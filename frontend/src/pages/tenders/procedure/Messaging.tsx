import { type FormEvent, useState } from "react";
import { type Clarification, procedureApi, procedureLinks } from "../../../api/procedure";
import type { TenderDetail } from "../../../api/tenders";
import { ErrorSummary } from "../../../components/Forms";
import { useAction, useLoad } from "../../../hooks";
import { ParisTime, Section, SuccessNotice } from "../../../tenders/components";
import { isFuture } from "../../../tenders/format";

const KINDS: Record<string, string> = {
  completer_candidature: "Compléter la candidature (R.2144-2)",
  preciser_offre: "Préciser l'offre (R.2152-2)",
};

/** The buyer's requests to complete a candidature or clarify an offer, and their answers. */
export function BuyerMessaging({ tender }: { tender: TenderDetail }) {
  const ready = ["opened", "awarded"].includes(tender.status ?? "") ||
    (tender.candidature_deadline != null && !isFuture(tender.candidature_deadline));
  const [state, reload] = useLoad(`clar-${tender.id}-${tender.status}`, () =>
    ready ? procedureApi().clarifications(tender.id) : Promise.resolve([] as Clarification[]),
  );
  const [company, setCompany] = useState("");
  const [kind, setKind] = useState<Clarification["kind"]>("preciser_offre");
  const [text, setText] = useState("");
  const [deadline, setDeadline] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  if (!ready) return null;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = { company: Number(company), kind, text, deadline: new Date(deadline).toISOString() };
    if (await action.run(() => procedureApi().ask(tender.id, body))) {
      setMessage("Demande envoyée.");
      setText("");
      reload();
    }
  }

  return (
    <Section id="messagerie" title="Demandes de compléments et de précisions">
      <SuccessNotice message={message} />
      <ul className="plain">
        {(state.data ?? []).map((row) => (
          <li key={row.id}>
            <strong>{row.company.name}</strong> — {KINDS[row.kind]} — réponse attendue avant le{" "}
            <ParisTime iso={row.deadline} /> :{" "}
            {row.answered_at ? (
              <>
                répondu le <ParisTime iso={row.answered_at} /> (
                {row.answer_files.map((file) => (
                  <a
                    key={file.id}
                    href={procedureLinks.answerFile(tender.id, row.id, file.id)}
                    download
                  >
                    {file.name}{" "}
                  </a>
                ))}
                )
              </>
            ) : (
              "sans réponse"
            )}
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={onSubmit}>
        <ErrorSummary error={action.error} />
        <div className="field">
          <label htmlFor="clar-company">Entreprise (identifiant)</label>
          <input id="clar-company" inputMode="numeric" required value={company} onChange={(e) => setCompany(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="clar-kind">Objet</label>
          <select id="clar-kind" value={kind} onChange={(e) => setKind(e.target.value as Clarification["kind"])}>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="clar-text">Demande</label>
          <textarea id="clar-text" required value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="clar-deadline">Date limite de réponse</label>
          <input id="clar-deadline" type="datetime-local" required value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={action.busy}>
          Envoyer la demande
        </button>
      </form>
    </Section>
  );
}

/** A company's requests received for this tender, and its one answer to each. */
export function CompanyMessaging({ tender }: { tender: TenderDetail }) {
  const [state, reload] = useLoad(`my-clar-${tender.id}`, () => procedureApi().myClarifications());
  const [texts, setTexts] = useState<Record<number, string>>({});
  const action = useAction();
  const rows = (state.data ?? []).filter((row) => row.tender.id === tender.id);
  if (rows.length === 0) return null;
  return (
    <Section id="messagerie" title="Demandes de l'acheteur">
      <ErrorSummary error={action.error} />
      {rows.map((row) => (
        <div key={row.id} className="action-block">
          <h3>{KINDS[row.kind]}</h3>
          <p className="prewrap">{row.text}</p>
          {row.answered_at ? (
            <p>
              Répondu le <ParisTime iso={row.answered_at} /> (réponse scellée et horodatée).
            </p>
          ) : isFuture(row.deadline) ? (
            <form
              className="form"
              onSubmit={async (event) => {
                event.preventDefault();
                if (await action.run(() => procedureApi().answer(row.id, texts[row.id] ?? "", [])))
                  reload();
              }}
            >
              <div className="field">
                <label htmlFor={`answer-${row.id}`}>
                  Réponse (avant le <ParisTime iso={row.deadline} />)
                </label>
                <textarea
                  id={`answer-${row.id}`}
                  value={texts[row.id] ?? ""}
                  onChange={(e) => setTexts({ ...texts, [row.id]: e.target.value })}
                />
              </div>
              <button type="submit" className="button" disabled={action.busy}>
                Répondre
              </button>
            </form>
          ) : (
            <p>Délai de réponse expiré.</p>
          )}
        </div>
      ))}
    </Section>
  );
}
