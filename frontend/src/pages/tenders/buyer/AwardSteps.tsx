import { type FormEvent, useState } from "react";
import { afterChoiceApi, afterChoiceLinks, type AwardSteps as Steps } from "../../../api/afterChoice";
import type { TenderDetail } from "../../../api/tenders";
import { ErrorSummary, TextField } from "../../../components/Forms";
import { LoadError } from "../../../components/Status";
import { useAction, useLoad } from "../../../hooks";
import { ParisTime } from "../../../tenders/components";
import { formatEuros } from "../../../tenders/format";
import { AwardCorrection, AwardModifications, CertificateRefusal } from "./AwardChanges";

const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
const formatDay = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : "—");

function Letters({ tender, award, onDone }: { tender: TenderDetail; award: Steps; onDone(): void }) {
  const [reasons, setReasons] = useState("");
  const [winnerReasons, setWinnerReasons] = useState("");
  const action = useAction();
  const missing = award.standstill.missing;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = { reasons, winner_reasons: winnerReasons };
    if (await action.run(() => afterChoiceApi.sendLetters(tender.id, award.id, body))) onDone();
  }
  return (
    <>
      {award.rejection_letters.length > 0 && (
        <>
          <h5>Lettres de rejet envoyées</h5>
          <ul className="plain" aria-label="Lettres de rejet envoyées">
            {award.rejection_letters.map((letter) => (
              <li key={letter.id}>
                {letter.company} — envoyée le <ParisTime iso={letter.sent_at} />
                {letter.electronic ? " par la plateforme" : " par la poste"} —{" "}
                <a href={afterChoiceLinks.letter(tender.id, award.id, letter.id)} download>
                  lettre (PDF)
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {missing.length > 0 && (
        <form className="form" onSubmit={onSubmit} aria-label="Lettres de rejet">
          <h5>Lettres de rejet à envoyer</h5>
          <p>À : {missing.join(", ")}. Envoi électronique par la plateforme (notification et courriel).</p>
          <ErrorSummary error={action.error} />
          <TextField
            id={`rejet-motifs-${award.id}`}
            label="Motifs du rejet"
            value={reasons}
            onChange={(event) => setReasons(event.target.value)}
          />
          <TextField
            id={`rejet-choix-${award.id}`}
            label="Motifs du choix de l'offre retenue"
            value={winnerReasons}
            onChange={(event) => setWinnerReasons(event.target.value)}
          />
          <button type="submit" className="button" disabled={action.busy}>
            Envoyer les lettres de rejet
          </button>
        </form>
      )}
    </>
  );
}

function Certificates({ tender, award, onDone }: { tender: TenderDetail; award: Steps; onDone(): void }) {
  const action = useAction();
  const run = async (call: () => Promise<unknown>) => {
    if (await action.run(call)) onDone();
  };
  return (
    <>
      <h5>Attestations du titulaire (R.2144-4)</h5>
      <ErrorSummary error={action.error} />
      {award.certificates.length === 0 ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={action.busy}
          onClick={() => run(() => afterChoiceApi.requestCertificates(tender.id, award.id))}
        >
          Demander les attestations au titulaire
        </button>
      ) : (
        <ul className="plain" aria-label="Attestations">
          {award.certificates.map((row) => (
            <li key={row.id}>
              {row.kind_label} ({row.company}) :{" "}
              {row.accepted_at ? (
                "acceptée"
              ) : row.uploaded_at ? (
                <>
                  <a href={afterChoiceLinks.certificate(tender.id, award.id, row.id)} download>
                    {row.name}
                  </a>{" "}
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => run(() => afterChoiceApi.reviewCertificate(tender.id, award.id, row.id, true))}
                  >
                    Accepter
                  </button>{" "}
                  <CertificateRefusal
                    tender={tender}
                    award={award}
                    certificateId={row.id}
                    label={row.kind_label}
                    onDone={onDone}
                  />
                </>
              ) : (
                `en attente${row.refusal_reason ? ` (refusée : ${row.refusal_reason})` : ""}`
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Notification({ tender, award, onDone }: { tender: TenderDetail; award: Steps; onDone(): void }) {
  const notify = useAction();
  const record = useAction();
  const [date, setDate] = useState("");
  const notification = award.notification;
  if (award.notification_date) {
    return (
      <p>
        Marché notifié : reçu par le titulaire le {formatDay(award.notification_date)}
        {notification?.signed_on && <> (signé le {formatDay(notification.signed_on)})</>}.
      </p>
    );
  }
  return (
    <>
      <h5>Notification du marché (R.2182-4)</h5>
      {notification?.sent_at ? (
        <p>
          Envoyé au titulaire le <ParisTime iso={notification.sent_at} /> : en attente de son accusé de
          réception.
        </p>
      ) : (
        <>
          <ErrorSummary error={notify.error} />
          <button
            type="button"
            className="button"
            disabled={notify.busy}
            onClick={async () => {
              if (await notify.run(() => afterChoiceApi.notify(tender.id, award.id))) onDone();
            }}
          >
            Signer et notifier le marché par la plateforme
          </button>
        </>
      )}
      <details>
        <summary>Notification faite hors de la plateforme</summary>
        <form
          className="form"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await record.run(() => afterChoiceApi.recordNotification(tender.id, award.id, date))) onDone();
          }}
        >
          <ErrorSummary error={record.error} />
          <TextField
            id={`notification-${award.id}`}
            label="Date de réception par le titulaire"
            type="date"
            required
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
          <button type="submit" className="button button-secondary" disabled={record.busy}>
            Enregistrer la date de notification
          </button>
        </form>
      </details>
    </>
  );
}

/** After the choice, per award: rejection letters, standstill, certificates, notification. */
export function AwardSteps({ tender }: { tender: TenderDetail }) {
  const [state, reload] = useLoad(`award-steps-${tender.id}-${tender.status}`, () => afterChoiceApi.steps(tender.id));
  if (state.status === "error") return <LoadError error={state.error} />;
  if (!state.data) return <p className="loading">Chargement des étapes de l'attribution…</p>;
  return (
    <div className="action-block" id="apres-attribution">
      <h3>Après l'attribution</h3>
      {state.data.map((award) => (
        // Named by its own heading: "Attribution" is the tender page's public section, and two
        // regions of one name made a landmark list ambiguous (and a test's locator too).
        <section key={award.id} aria-labelledby={`etapes-attribution-${award.id}`}>
          <h4 id={`etapes-attribution-${award.id}`}>
            {award.lot_number ? `Lot ${award.lot_number} : ` : ""}
            {award.companies.map((c) => c.name).join(", ")} — {formatEuros(award.amount)}
          </h4>
          <p className="standstill">
            <strong>Délai de suspension :</strong> {award.standstill.explanation}
            {award.standstill.signable_from && (
              <>
                {" "}
                Fin du délai : signature possible à partir du{" "}
                <strong data-testid="signable-from">{formatDay(award.standstill.signable_from)}</strong>.
              </>
            )}
          </p>
          <Letters tender={tender} award={award} onDone={reload} />
          <Certificates tender={tender} award={award} onDone={reload} />
          <Notification tender={tender} award={award} onDone={reload} />
          <AwardCorrection tender={tender} award={award} onDone={reload} />
          <AwardModifications tender={tender} award={award} onDone={reload} />
        </section>
      ))}
    </div>
  );
}
