import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readCookie } from "../api/csrf";
import { createApi } from "../api/endpoints";
import { ApiError } from "../api/errors";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

const fetchMock = vi.fn<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>();

function lastRequest(): Request {
  const call = fetchMock.mock.calls.at(-1);
  if (!call) throw new Error("fetch was not called");
  return call[0] as Request;
}

function clearCookies() {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  clearCookies();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("readCookie", () => {
  it("finds one cookie among several and decodes it", () => {
    expect(readCookie("csrftoken", "a=1; csrftoken=ab%3Dc; b=2")).toBe("ab=c");
    expect(readCookie("csrftoken", "a=1")).toBeNull();
  });
});

describe("CSRF", () => {
  it("sends the csrftoken cookie as X-CSRFToken on unsafe requests only", async () => {
    document.cookie = "csrftoken=tok123; path=/";
    const api = createApi();
    fetchMock.mockResolvedValueOnce(json(200, { count: 0, next: null, previous: null, results: [] }));
    await api.collectivites();
    expect(lastRequest().method).toBe("GET");
    expect(lastRequest().headers.get("X-CSRFToken")).toBeNull();

    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await api.logout();
    expect(lastRequest().method).toBe("POST");
    expect(lastRequest().headers.get("X-CSRFToken")).toBe("tok123");
    expect(lastRequest().credentials).toBe("same-origin");
  });

  it("asks the server for a token when the cookie is missing", async () => {
    const api = createApi();
    fetchMock
      .mockResolvedValueOnce(json(200, { csrfToken: "fresh" }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    await api.logout();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(String(fetchMock.mock.calls[0]?.[0])).toMatch(/\/api\/v1\/auth\/csrf\/$/);
    expect(lastRequest().headers.get("X-CSRFToken")).toBe("fresh");
  });
});

describe("API calls", () => {
  it("builds the directory query, leaving out empty filters", async () => {
    fetchMock.mockResolvedValueOnce(json(200, { count: 0, next: null, previous: null, results: [] }));
    await createApi().collectivites({ search: "  rennes ", kind: "", departement: "35", page: 1 });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe("/api/v1/collectivites/");
    expect(Object.fromEntries(url.searchParams)).toEqual({ search: "rennes", departement: "35" });
  });

  it("turns an API error body into an ApiError with field errors", async () => {
    document.cookie = "csrftoken=t; path=/";
    fetchMock.mockResolvedValueOnce(
      json(400, {
        message: "Les données envoyées sont invalides.",
        extra: { fields: { password: ["Ce champ ne peut être vide."] } },
      }),
    );
    const error = await createApi()
      .login("alice", "")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fields.password).toEqual(["Ce champ ne peut être vide."]);
  });

  it("reports a network failure as an ApiError with status 0", async () => {
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    const error = await createApi()
      .collectivite(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).message).toMatch(/injoignable/);
  });

  it("answers null for an anonymous /me/ but throws on other failures", async () => {
    fetchMock.mockResolvedValueOnce(json(401, { message: "Informations d'authentification non fournies.", extra: {} }));
    await expect(createApi().me()).resolves.toBeNull();
    fetchMock.mockResolvedValueOnce(new Response("boom", { status: 500 }));
    await expect(createApi().me()).rejects.toBeInstanceOf(ApiError);
  });

  it("follows pagination to list every member", async () => {
    const member = (id: number) => ({
      id,
      user: { id, username: `u${id}`, display_name: `U ${id}`, email: "" },
      role: "agent",
      capabilities: [],
      created_at: "2026-01-01T00:00:00Z",
    });
    fetchMock
      .mockResolvedValueOnce(json(200, { count: 2, next: "http://x/?page=2", previous: null, results: [member(1)] }))
      .mockResolvedValueOnce(json(200, { count: 2, next: null, previous: "http://x/", results: [member(2)] }));
    const members = await createApi().members(7);
    expect(members.map((item) => item.id)).toEqual([1, 2]);
    expect(new URL(lastRequest().url).searchParams.get("page")).toBe("2");
  });
});
