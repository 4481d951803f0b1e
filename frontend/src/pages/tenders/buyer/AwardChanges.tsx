import { type FormEvent, useState } from "react";
import { afterChoiceApi, type AwardSteps as Steps } from "../../../api/afterChoice";
import type { TenderDetail } from "../../../api/tenders";
import { ErrorSummary, TextField } from "../../../components/Forms";
import { useAction } from "../../../hooks";
import { formatEuros } from "../../../tenders/format";
import { ReasonForm } from "./ReasonForm";

type StepProps = { tender: TenderDetail; award: Steps; onDone(): void };

const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
const formatDay = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : "—");
const decimal = (text: string) => text.trim().replace(/\s/g, "").replace(",", ".");

/** Before notification: the award's amount or duration corrected, with a reason (audited). */
export function AwardCorrection({ tender, award, onDone }: StepProps) {
  const [amount, setAmount] = useState("");
  const [duration, setDuration] = useState("");
  const [reason, setReason] = useState("");
  const action = useAction();
  if (award.notification_date) return null;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, unknown> = {};
    if (amount.trim()) changes.amount = decimal(amount);
    if (duration.trim()) changes.duration_months = Number(duration);
    if (await action.run(() => afterChoiceApi.correct(tender.id, award.id, { reason, changes }))) {
      setAmount("");
      setDuration("");
      setReason("");
      onDone();
    }
  }
  return (
    <details className="action-block">
      <summary>Corriger l'attribution avant sa notification</summary>
      <form className="form" onSubmit={onSubmit} aria-label={`Correction de l'attribution ${award.id}`}>
        <p>
          Montant actuel : {formatEuros(award.amount)}. Laissez vide ce qui ne change pas ; la
          correction et son motif sont tracés au journal.
        </p>
        <ErrorSummary error={action.error} />
        <TextField
          id={`correction-montant-${award.id}`}
          label="Montant corrigé (€ HT)"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
        <TextField
          id={`correction-duree-${award.id}`}
          label="Durée corrigée (mois)"
          type="number"
          min={1}
          value={duration}
          onChange={(event) => setDuration(event.target.value)}
        />
        <TextField
          id={`correction-motif-${award.id}`}
          label="Motif de la correction (obligatoire)"
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="button button-secondary" disabled={action.busy}>
          Corriger l'attribution
        </button>
      </form>
    </details>
  );
}

/** After notification: the modifications (avenants), listed and recorded (R.2194-1, DECP). */
export function AwardModifications({ tender, award, onDone }: StepProps) {
  const [object, setObject] = useState("");
  const [amount, setAmount] = useState("");
  const [duration, setDuration] = useState("");
  const [signedOn, setSignedOn] = useState("");
  const [notifiedOn, setNotifiedOn] = useState("");
  const action = useAction();
  if (!award.notification_date) return null;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = {
      object,
      amount: amount.trim() ? decimal(amount) : null,
      duration_months: duration.trim() ? Number(duration) : null,
      signed_on: signedOn,
      notified_on: notifiedOn,
    };
    if (await action.run(() => afterChoiceApi.addModification(tender.id, award.id, body))) {
      setObject("");
      setAmount("");
      setDuration("");
      setSignedOn("");
      setNotifiedOn("");
      onDone();
    }
  }
  return (
    <>
      <h5>Modifications du marché (avenants)</h5>
      {award.modifications.length === 0 ? (
        <p>Aucune modification enregistrée.</p>
      ) : (
        <ul className="plain" aria-label="Modifications du marché">
          {award.modifications.map((m) => (
            <li key={m.number}>
              Avenant n° {m.number} : {m.object}
              {m.amount != null && <> — nouveau montant {formatEuros(m.amount)}</>}
              {m.duration_months != null && <> — nouvelle durée {m.duration_months} mois</>} — signé le{" "}
              {formatDay(m.signed_on)}, notifié le {formatDay(m.notified_on)}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Enregistrer une modification (avenant)</summary>
        <form className="form" onSubmit={onSubmit} aria-label={`Avenant à l'attribution ${award.id}`}>
          <ErrorSummary error={action.error} />
          <TextField
            id={`avenant-objet-${award.id}`}
            label="Objet de la modification"
            required
            value={object}
            onChange={(event) => setObject(event.target.value)}
          />
          <TextField
            id={`avenant-montant-${award.id}`}
            label="Nouveau montant du marché (€ HT, facultatif)"
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
          <TextField
            id={`avenant-duree-${award.id}`}
            label="Nouvelle durée (mois, facultatif)"
            type="number"
            min={1}
            value={duration}
            onChange={(event) => setDuration(event.target.value)}
          />
          <TextField
            id={`avenant-signature-${award.id}`}
            label="Date de signature"
            type="date"
            required
            value={signedOn}
            onChange={(event) => setSignedOn(event.target.value)}
          />
          <TextField
            id={`avenant-notification-${award.id}`}
            label="Date de notification"
            type="date"
            required
            value={notifiedOn}
            onChange={(event) => setNotifiedOn(event.target.value)}
          />
          <button type="submit" className="button" disabled={action.busy}>
            Enregistrer l'avenant
          </button>
        </form>
      </details>
    </>
  );
}

/** Refusing a certificate: the reason is sent to the titulaire, who uploads another. */
export function CertificateRefusal({ tender, award, certificateId, label, onDone }: StepProps & {
  certificateId: number;
  label: string;
}) {
  return (
    <details>
      <summary>Refuser</summary>
      <ReasonForm
        id={`refus-attestation-${certificateId}`}
        label={`Motif du refus — ${label} (communiqué au titulaire)`}
        button="Refuser l'attestation"
        required
        run={async (reason) => {
          await afterChoiceApi.reviewCertificate(tender.id, award.id, certificateId, false, reason);
          onDone();
        }}
      />
    </details>
  );
}
