/** Small pieces shared by the tender room's pages. */
import { type ReactNode, useEffect } from "react";
import { formatParis } from "./format";
import { STATUS_LABELS } from "./labels";
import type { TenderStatus } from "./filters";

export function StatusBadge({ status = "", label }: { status?: string; label?: string }) {
  const text = label ?? STATUS_LABELS[status as TenderStatus] ?? status;
  return <span className={`badge status status-${status}`}>{text}</span>;
}

/** An instant in Paris time, machine-readable too. */
export function ParisTime({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso}>
      {formatParis(iso)}
      <span className="visually-hidden"> (heure de Paris)</span>
    </time>
  );
}

/** A native <progress> with a visible percentage; announced politely as it moves. */
export function UploadProgress({ id, label, percent }: { id: string; label: string; percent: number }) {
  return (
    <div className="upload-progress">
      <label htmlFor={id}>{label}</label>
      <progress id={id} max={100} value={percent} aria-valuetext={`${percent} %`}>
        {percent} %
      </progress>
      <span aria-hidden="true" className="upload-percent">
        {percent} %
      </span>
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="tender-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function SuccessNotice({ message }: { message: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {message && (
        <div className="notice notice-success">
          <p>{message}</p>
        </div>
      )}
    </div>
  );
}

/**
 * The layout focuses the new page's <h1> after a route change, but a page that loads first has
 * none yet and main gets the focus: hand it on to the heading once it is there.
 */
export function useFocusHeadingWhenReady(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const main = document.querySelector<HTMLElement>("main");
    if (document.activeElement === main) document.querySelector<HTMLElement>("main h1")?.focus();
  }, [ready]);
}
