import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { type ApiError, fieldError } from "../api/errors";

/** The error message at the top of a form: announced at once (role="alert"). */
export function ErrorSummary({ error }: { error: ApiError | null }) {
  if (!error) return null;
  const general = error.generalErrors;
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.message}</p>
      {general.length > 0 && (
        <ul>
          {general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldText({ id, hint, error }: Omit<FieldProps, "label">) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <FieldText id={id} hint={hint} error={error} />
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <FieldText id={id} hint={hint} error={error} />
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}

/** A group of checkboxes in a fieldset, the legend naming the group. */
export function CheckboxGroup<T extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  error,
  compact = false,
}: {
  id: string;
  legend: string;
  options: Array<{ value: T; label: string }>;
  value: readonly T[];
  onChange(value: T[]): void;
  error?: string | undefined;
  compact?: boolean;
}) {
  return (
    <fieldset
      className={compact ? "checkboxes checkboxes-compact" : "checkboxes"}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className={compact ? "visually-hidden" : undefined}>{legend}</legend>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {options.map((option, index) => (
        <div className="checkbox" key={option.value}>
          <input
            type="checkbox"
            id={optionId(id, option.value, index)}
            checked={value.includes(option.value)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...value, option.value]
                  : value.filter((item) => item !== option.value),
              )
            }
          />
          <label htmlFor={optionId(id, option.value, index)}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** An id from the value when it is a plain word ("admin"), else from its position ("Sans objet"). */
function optionId(id: string, value: string, index: number): string {
  return /^[\w-]+$/.test(value) ? `${id}-${value}` : `${id}-${index}`;
}

/** A required yes/no question: two radio buttons in a fieldset, neither chosen beforehand. */
export function YesNoField({
  id,
  legend,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  value: boolean | null;
  onChange(value: boolean): void;
  error?: string | undefined;
}) {
  return (
    <fieldset
      className={error ? "checkboxes radios field-invalid" : "checkboxes radios"}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {[true, false].map((answer) => (
        <div className="checkbox" key={String(answer)}>
          <input
            type="radio"
            id={`${id}-${answer ? "oui" : "non"}`}
            name={id}
            required
            checked={value === answer}
            onChange={() => onChange(answer)}
          />
          <label htmlFor={`${id}-${answer ? "oui" : "non"}`}>{answer ? "Oui" : "Non"}</label>
        </div>
      ))}
    </fieldset>
  );
}

export { fieldError };
