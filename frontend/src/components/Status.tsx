import type { ApiError } from "../api/errors";

export function Loading({ label = "Chargement…" }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function LoadError({ error }: { error: ApiError }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{error.message}</p>
    </div>
  );
}
