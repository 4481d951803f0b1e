import { type FormEvent, useState } from "react";
import type { ReportReason } from "../../api/forums";
import { forumsApi } from "../../api/forums";
import { ErrorSummary } from "../../components/Forms";
import { useAction } from "../../hooks";

export const REPORT_REASONS: Record<ReportReason, string> = {
  off_topic: "Hors sujet",
  inappropriate: "Inapproprié",
  spam: "Spam",
  personal_data: "Données personnelles",
  other: "Autre (préciser)",
};

/** Report a post: a reason from the list, details required for "other". */
export function ReportDialog({ postId, onDone }: { postId: number; onDone: (sent: boolean) => void }) {
  const [reason, setReason] = useState<ReportReason>("off_topic");
  const [details, setDetails] = useState("");
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => forumsApi().report(postId, reason, details))) onDone(true);
  }

  return (
    <form className="report-dialog" role="dialog" aria-label="Signaler le message" onSubmit={submit}>
      <ErrorSummary error={action.error} />
      <fieldset>
        <legend>Pourquoi signalez-vous ce message ?</legend>
        {(Object.keys(REPORT_REASONS) as ReportReason[]).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`reason-${postId}`}
              value={value}
              checked={reason === value}
              onChange={() => setReason(value)}
            />
            {REPORT_REASONS[value]}
          </label>
        ))}
      </fieldset>
      <label>
        Précisions
        <textarea value={details} onChange={(e) => setDetails(e.target.value)} required={reason === "other"} rows={2} />
      </label>
      <div className="button-row">
        <button type="submit" className="button button-small" disabled={action.busy}>
          Envoyer le signalement
        </button>
        <button type="button" className="button button-small button-secondary" onClick={() => onDone(false)}>
          Annuler
        </button>
      </div>
    </form>
  );
}
