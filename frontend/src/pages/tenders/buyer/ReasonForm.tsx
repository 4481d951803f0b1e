import { useState } from "react";
import { fieldError } from "../../../api/errors";
import { ErrorSummary } from "../../../components/Forms";
import { useAction } from "../../../hooks";

/** A reason (for a cancellation, an unsuccessful tender) and the button that acts on it. */
export function ReasonForm({
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
