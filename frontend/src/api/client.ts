/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from the
 * server's OpenAPI schema (src/api/schema.d.ts, built by `npm run generate`). A renamed field or
 * path on the server therefore breaks `tsc`, not the user's session.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { CSRF_COOKIE, CSRF_HEADER, needsCsrf, readCookie } from "./csrf";
import { ApiError, networkError, toApiError } from "./errors";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Me = Schemas["Me"];
export type Collectivite = Schemas["Collectivite"];
export type CollectivitePage = Schemas["PaginatedCollectiviteList"];
export type Membership = Schemas["Membership"];
export type MyMembership = Schemas["MyMembership"];
export type Kind = Schemas["KindEnum"];
export type Role = Schemas["RoleEnum"];
export type Capability = Schemas["CapabilitiesEnum"];
export type InviteRequest = Schemas["MembershipInviteRequest"];
export type InvitationSent = Schemas["InvitationSent"];
export type MembershipUpdate = Schemas["PatchedMembershipUpdateRequest"];

const CSRF_PATH = "/api/v1/auth/csrf/";

/** Adds X-CSRFToken to unsafe requests, fetching the cookie first when it is missing. */
export function csrfMiddleware(fetchImpl: typeof fetch): Middleware {
  return {
    async onRequest({ request }) {
      if (!needsCsrf(request.method)) return undefined;
      let token = readCookie(CSRF_COOKIE);
      if (!token) {
        const response = await fetchImpl(new URL(CSRF_PATH, request.url), {
          credentials: "same-origin",
        });
        if (response.ok) {
          const body = (await response.json()) as { csrfToken?: string };
          token = readCookie(CSRF_COOKIE) ?? body.csrfToken ?? null;
        }
      }
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}

export function createApiClient(baseUrl: string = window.location.origin) {
  // Looked up on every call (not captured once) so tests can stub globalThis.fetch.
  const fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init);
  const client = createClient<paths>({
    baseUrl,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    fetch: (request: Request) => fetchImpl(request),
  });
  client.use(csrfMiddleware(fetchImpl));
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolve to the response's data, or throw one ApiError whatever went wrong. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError(error);
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}
