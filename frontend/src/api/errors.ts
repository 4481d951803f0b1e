/**
 * Every 4xx/5xx from the API has the shape {"message": str, "code": str, "extra": {...}}, with
 * field errors under extra.fields. `code` is stable (ErrorCodeEnum in the schema): pages key
 * their behaviour on it (`error.is("not_found")`), never on the status number or the wording,
 * which may change. Anything else (a proxy's HTML page, a network failure) is turned into the
 * same ApiError, with a code and a French message chosen from the status, so that pages only
 * ever deal with one kind of failure.
 */
import type { components } from "./schema";

/** The server's codes, and two of the client's own: no answer at all, or a bug in the page. */
export type ServerErrorCode = components["schemas"]["ErrorCodeEnum"];
export type ErrorCode = ServerErrorCode | "network_error" | "client_error";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: FieldErrors;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    message: string,
    fields: FieldErrors = {},
    extra: Record<string, unknown> = {},
    code: ErrorCode = codeForStatus(status),
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.extra = extra;
  }

  /** Whether the failure is one of these reasons. */
  is(...codes: ErrorCode[]): boolean {
    return codes.includes(this.code);
  }

  /** Messages not tied to a form field (DRF puts them under non_field_errors). */
  get generalErrors(): string[] {
    return this.fields.non_field_errors ?? [];
  }
}

/** Every code the server may send (kept in step with the schema by the type below). */
const SERVER_CODES = {
  invalid: true,
  parse_error: true,
  unsupported_media_type: true,
  not_acceptable: true,
  too_large: true,
  query_empty: true,
  query_too_long: true,
  invalid_cursor: true,
  page_too_deep: true,
  not_authenticated: true,
  authentication_failed: true,
  permission_denied: true,
  csrf_failed: true,
  not_found: true,
  method_not_allowed: true,
  conflict: true,
  deadline_passed: true,
  sealed: true,
  stale: true,
  throttled: true,
  locked_out: true,
  server_error: true,
} satisfies Record<ServerErrorCode, true>;

/** French messages for answers that carry none (a proxy's page, a network failure). */
const FALLBACK_MESSAGES: Partial<Record<ErrorCode, string>> = {
  network_error: "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
  not_authenticated: "Vous devez vous connecter.",
  permission_denied: "Vous n'avez pas les droits nécessaires.",
  csrf_failed: "Votre session a changé : rechargez la page puis réessayez.",
  not_found: "Ressource introuvable.",
  conflict: "L'opération n'est pas possible dans l'état actuel.",
  too_large: "Le fichier est trop volumineux.",
  throttled: "Trop de tentatives : patientez avant de réessayer.",
  server_error: "Le serveur a rencontré une erreur. Réessayez plus tard.",
};
const DEFAULT_MESSAGE = "La requête a échoué.";

/** The code an answer without one stands for, from its status (0: no answer). */
export function codeForStatus(status: number): ErrorCode {
  if (status === 0) return "network_error";
  if (status === 401) return "not_authenticated";
  if (status === 403) return "permission_denied";
  if (status === 404) return "not_found";
  if (status === 405) return "method_not_allowed";
  if (status === 409) return "conflict";
  if (status === 413) return "too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 429) return "throttled";
  if (status >= 500) return "server_error";
  return "invalid";
}

export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === "string" && Object.hasOwn(SERVER_CODES, value);
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

/**
 * Build an ApiError from an HTTP status and whatever body came with it (parsed or not). The
 * body's code is kept when the server sent one this client knows; otherwise it comes from the
 * status (an older server, a proxy).
 */
export function toApiError(status: number, body: unknown): ApiError {
  const code = isRecord(body) && isServerErrorCode(body.code) ? body.code : codeForStatus(status);
  if (isRecord(body) && typeof body.message === "string" && body.message.trim() !== "") {
    const extra = isRecord(body.extra) ? body.extra : {};
    return new ApiError(status, body.message, parseFieldErrors(extra.fields), extra, code);
  }
  return new ApiError(status, FALLBACK_MESSAGES[code] ?? DEFAULT_MESSAGE, {}, {}, code);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, FALLBACK_MESSAGES.network_error ?? DEFAULT_MESSAGE);
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
  return caught instanceof ApiError ? caught : new ApiError(0, String(caught), {}, {}, "client_error");
}
