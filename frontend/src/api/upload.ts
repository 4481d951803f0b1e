/**
 * File uploads with progress. fetch() cannot report upload progress in today's browsers without
 * streaming request bodies (HTTP/2 only), so uploads go through XMLHttpRequest, whose
 * `upload.onprogress` does. Same rules as the API client: session cookie, CSRF header, and
 * every failure turned into one ApiError.
 */
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from "./csrf";
import { ApiError, networkError, toApiError } from "./errors";

const CSRF_PATH = "/api/v1/auth/csrf/";

export async function csrfToken(): Promise<string | null> {
  const token = readCookie(CSRF_COOKIE);
  if (token) return token;
  try {
    const response = await fetch(CSRF_PATH, { credentials: "same-origin" });
    if (!response.ok) return null;
    const body = (await response.json()) as { csrfToken?: string };
    return readCookie(CSRF_COOKIE) ?? body.csrfToken ?? null;
  } catch {
    return null;
  }
}

/** Bytes sent so far as a whole percentage, never above 100 (0 while the size is unknown). */
export function progressPercent(loaded: number, total: number): number {
  if (!Number.isFinite(total) || total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

export interface UploadOptions {
  method?: "POST" | "PUT";
  onProgress?(percent: number): void;
  signal?: AbortSignal;
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export async function uploadForm<T>(url: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  const token = await csrfToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? "POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(progressPercent(event.loaded, event.total));
    };
    xhr.upload.onload = () => options.onProgress?.(100);
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(networkError(new Error("XMLHttpRequest failed")));
    xhr.onabort = () => reject(new ApiError(0, "Envoi interrompu."));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}

/** JSON calls to endpoints not (yet) in the generated schema: same errors, same CSRF rules. */
export async function requestJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") {
    const token = await csrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw networkError(error);
  }
  const data = parse(await response.text());
  if (!response.ok) throw toApiError(response.status, data);
  return data as T;
}
