/**
 * Drafting spaces and drafts over REST. The shapes below follow the API contract of the
 * spaces endpoints (issue 3); they are written by hand because those endpoints are built on
 * another branch: once they are in the OpenAPI schema, these types should become aliases of
 * `Schemas[...]` and the calls go through the typed client, like endpoints.ts.
 */
import { CSRF_COOKIE, CSRF_HEADER, needsCsrf, readCookie } from "./csrf";
import { ApiError, networkError, toApiError } from "./errors";

export type SpaceRole = "editor" | "reader";
export type DraftStatus = "writing" | "review" | "approved" | "published";
export type ExportFormat = "html" | "odt" | "docx" | "pdf";

export interface NamedRef {
  id: number;
  name: string;
}

export interface UserRef {
  id: number;
  display_name: string;
}

export interface SpaceMember {
  collectivite: NamedRef;
  role: SpaceRole;
}

export interface Space {
  id: number;
  title: string;
  description: string;
  members: SpaceMember[];
  my_role: SpaceRole | null;
  can_manage: boolean;
  draft_count: number;
}

export interface SpaceCreate {
  title: string;
  description?: string;
  members: Array<{ collectivite: number; role: SpaceRole }>;
}

/** `updated_by` is a user reference or, in older answers, a display name or an id. */
export type Who = UserRef | string | number | null;

export interface DraftSummary {
  id: number;
  space: number;
  title: string;
  status: DraftStatus;
  updated_at: string;
  updated_by: Who;
}

export interface Approval {
  collectivite: NamedRef;
  approved_by: UserRef;
  approved_at: string;
  current: boolean;
}

export interface Draft {
  id: number;
  space: number;
  space_title: string;
  title: string;
  markdown: string;
  html: string;
  status: DraftStatus;
  can_edit: boolean;
  can_approve: boolean;
  created_by: Who;
  created_at: string;
  updated_by: Who;
  updated_at: string;
  approvals: Approval[];
  editor_collectivites: NamedRef[];
}

export interface Version {
  number: number;
  label: string;
  created_by: Who;
  created_at: string;
}

export interface VersionDetail extends Version {
  markdown: string;
  html: string;
}

export type DiffOp = "equal" | "insert" | "delete";

export interface Diff {
  from: number | string;
  to: number | string;
  unified: string;
  lines: Array<{ op: DiffOp; text: string }>;
}

export interface Comment {
  id: number;
  parent: number | null;
  author: UserRef;
  quote: string;
  /** Where the quote was in the text when the comment was written (characters), if known. */
  quote_start?: number | null;
  quote_end?: number | null;
  body: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: Who;
}

interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

const CSRF_PATH = "/api/v1/auth/csrf/";

async function csrfToken(): Promise<string | null> {
  let token = readCookie(CSRF_COOKIE);
  if (token) return token;
  const response = await globalThis.fetch(CSRF_PATH, { credentials: "same-origin" });
  if (response.ok) {
    const body = (await response.json()) as { csrfToken?: string };
    token = readCookie(CSRF_COOKIE) ?? body.csrfToken ?? null;
  }
  return token;
}

type Query = Record<string, string | number | undefined>;

/** One JSON call: same CSRF and error handling as the typed client (see client.ts). */
async function call<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") url.searchParams.set(name, String(value));
  }
  const headers = new Headers({ Accept: "application/json" });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    if (needsCsrf(method)) {
      const token = await csrfToken();
      if (token) headers.set(CSRF_HEADER, token);
    }
    response = await globalThis.fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (error) {
    throw error instanceof ApiError ? error : networkError(error);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

async function all<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await call<Paginated<T> | T[]>("GET", path, undefined, { ...query, page, page_size: 100 });
    if (Array.isArray(batch)) return batch; // an unpaginated list
    items.push(...batch.results);
    if (!batch.next) return items;
  }
}

const draftPath = (id: number) => `/api/v1/drafts/${id}/`;

export const spacesApi = {
  spaces: () => all<Space>("/api/v1/spaces/"),
  space: (id: number) => call<Space>("GET", `/api/v1/spaces/${id}/`),
  createSpace: (body: SpaceCreate) => call<Space>("POST", "/api/v1/spaces/", body),

  drafts: (spaceId: number) => all<DraftSummary>("/api/v1/drafts/", { space: spaceId }),
  draft: (id: number) => call<Draft>("GET", draftPath(id)),
  createDraft: (body: { space: number; title: string; markdown?: string }) =>
    call<Draft>("POST", "/api/v1/drafts/", body),
  updateDraft: (id: number, body: { title?: string; status?: DraftStatus }) =>
    call<Draft>("PATCH", draftPath(id), body),

  versions: (id: number) => all<Version>(`${draftPath(id)}versions/`),
  version: (id: number, number: number) => call<VersionDetail>("GET", `${draftPath(id)}versions/${number}/`),
  saveVersion: (id: number, label: string) => call<Version>("POST", `${draftPath(id)}versions/`, { label }),
  restoreVersion: (id: number, number: number) =>
    call<unknown>("POST", `${draftPath(id)}versions/${number}/restore/`, {}),
  diff: (id: number, from: number, to: number | "current") =>
    call<Diff>("GET", `${draftPath(id)}diff/`, undefined, { from, to }),

  /** ``contentSha256``: the hash of the text the agent read; the server refuses if it changed. */
  approve: (id: number, collectivite: number | undefined, contentSha256: string) =>
    call<unknown>("POST", `${draftPath(id)}approvals/`, {
      ...(collectivite ? { collectivite } : {}),
      content_sha256: contentSha256,
    }),
  withdraw: (id: number, collectivite: number) =>
    call<unknown>("DELETE", `${draftPath(id)}approvals/${collectivite}/`),

  comments: (id: number) => all<Comment>(`${draftPath(id)}comments/`),
  comment: (
    id: number,
    body: { body: string; quote?: string; quote_start?: number; quote_end?: number; parent?: number },
  ) =>
    call<Comment>("POST", `${draftPath(id)}comments/`, body),
  resolve: (id: number, comment: number) => call<Comment>("POST", `${draftPath(id)}comments/${comment}/resolve/`, {}),
  reopen: (id: number, comment: number) => call<Comment>("POST", `${draftPath(id)}comments/${comment}/reopen/`, {}),

  exportUrl: (id: number, format: ExportFormat, version?: number) =>
    `${draftPath(id)}export/${format}/${version ? `?version=${version}` : ""}`,
};
