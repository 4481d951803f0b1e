import { type FormEvent, type ReactNode, useState } from "react";
import { ErrorSummary } from "../../components/Forms";
import { useAction } from "../../hooks";

/**
 * Every moderation act says why: a small form asking for the reason (and, to close a topic, a
 * conclusion) before the act is sent. The server refuses an act without a reason anyway.
 */
export function ReasonPrompt({
  label,
  withConclusion = false,
  reasonRequired = true,
  children,
  onConfirm,
  onCancel,
}: {
  label: string;
  withConclusion?: boolean;
  /** False when the act may go without a reason (an author editing within the window). */
  reasonRequired?: boolean;
  /** The act's own fields (target forum, duration…), shown above the reason. */
  children?: ReactNode;
  onConfirm: (reason: string, conclusion: string) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [conclusion, setConclusion] = useState("");
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => onConfirm(reason, conclusion))) onCancel();
  }

  return (
    <form className="reason-prompt" onSubmit={submit} aria-label={label}>
      <ErrorSummary error={action.error} />
      {children}
      {withConclusion && (
        <label>
          Conclusion (affichée sous la question)
          <textarea value={conclusion} onChange={(e) => setConclusion(e.target.value)} required rows={2} />
        </label>
      )}
      <label>
        Motif ({label.toLowerCase()})
        <input value={reason} onChange={(e) => setReason(e.target.value)} required={reasonRequired} maxLength={1000} />
      </label>
      <div className="button-row">
        <button type="submit" className="button button-small" disabled={action.busy}>
          {label}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}
