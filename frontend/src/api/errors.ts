/**
 * Every 4xx from the API has the shape {"message": str, "extra": {...}}, with field errors
 * under extra.fields. Anything else (a proxy's HTML page, a network failure, a 500) is turned
 * into the same ApiError so that pages only ever deal with one kind of failure.
 */

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly fields: FieldErrors;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    message: string,
    fields: FieldErrors = {},
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
    this.extra = extra;
  }

  /** Messages not tied to a form field (DRF puts them under non_field_errors). */
  get generalErrors(): string[] {
    return this.fields.non_field_errors ?? [];
  }
}

const NETWORK_MESSAGE = "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.";

function fallbackMessage(status: number): string {
  if (status === 401) return "Vous devez vous connecter.";
  if (status === 403) return "Vous n'avez pas les droits nécessaires.";
  if (status === 404) return "Ressource introuvable.";
  if (status === 429) return "Trop de tentatives : patientez avant de réessayer.";
  if (status >= 500) return "Le serveur a rencontré une erreur. Réessayez plus tard.";
  return "La requête a échoué.";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asMessages(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(asMessages);
  if (typeof value === "string") return [value];
  if (isRecord(value)) return Object.values(value).flatMap(asMessages);
  return value == null ? [] : [String(value)];
}

/** Normalise extra.fields: {field: [messages]}; nested or odd values are flattened to strings. */
export function parseFieldErrors(value: unknown): FieldErrors {
  if (Array.isArray(value)) return { non_field_errors: asMessages(value) };
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    const list = asMessages(messages);
    if (list.length > 0) fields[name] = list;
  }
  return fields;
}

/** Build an ApiError from an HTTP status and whatever body came with it (parsed or not). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.message === "string" && body.message.trim() !== "") {
    const extra = isRecord(body.extra) ? body.extra : {};
    return new ApiError(status, body.message, parseFieldErrors(extra.fields), extra);
  }
  return new ApiError(status, fallbackMessage(status));
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, NETWORK_MESSAGE);
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** The first message for a field, for aria-describedby'd error text beside an input. */
export function fieldError(error: ApiError | null | undefined, field: string): string | undefined {
  const messages = error?.fields[field];
  return messages && messages.length > 0 ? messages.join(" ") : undefined;
}

/**
 * The messages for a field inside a list of objects, by its path in extra.fields: DRF and the
 * services key the items by position, e.g. ["awards", 0, "companies", 1, "siret"].
 */
export function nestedFieldError(
  error: ApiError | null | undefined,
  path: ReadonlyArray<string | number>,
): string | undefined {
  let node: unknown = error?.extra.fields;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === "number") node = node[key];
    else if (isRecord(node)) node = node[String(key)];
    else return undefined;
  }
  const messages = asMessages(node);
  return messages.length > 0 ? messages.join(" ") : undefined;
}

/** Whatever a failed call threw, as an ApiError (a bug in the page shows as a status-0 error). */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, String(caught));
}
