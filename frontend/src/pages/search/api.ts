/**
 * The global search's API calls: results of every kind the user may read, with counts per kind,
 * and suggestions for the header's search box.
 */
import { type ApiClient, createApiClient, unwrap } from "../../api/client";

export type SearchType = "library" | "draft" | "post" | "tender" | "act";

export interface SearchCollectivite {
  id: number;
  name: string;
}

export interface SearchResult {
  type: SearchType;
  id: number;
  title: string;
  /** Sanitized HTML: text with the matched words in <mark>. */
  excerpt: string;
  /** A path of this SPA. */
  url: string;
  collectivite: SearchCollectivite | null;
  date: string | null;
}

export interface SearchPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: SearchResult[];
  facets: Partial<Record<SearchType, number>>;
}

export interface Suggestion {
  type: SearchType;
  title: string;
  url: string;
}

export interface SearchQuery {
  q: string;
  type?: SearchType;
  collectivite?: number;
  page?: number;
}

// Until the search endpoints are in the generated schema, they are called untyped.
type LooseClient = {
  GET(path: string, init: { params: { query: Record<string, unknown> } }): Promise<{
    data?: unknown;
    error?: unknown;
    response: Response;
  }>;
};

export function createSearchApi(client: ApiClient = createApiClient()) {
  const loose = client as unknown as LooseClient;
  return {
    search(query: SearchQuery): Promise<SearchPage> {
      return unwrap(
        loose.GET("/api/v1/search/", {
          params: {
            query: {
              q: query.q,
              type: query.type,
              collectivite: query.collectivite,
              page: query.page && query.page > 1 ? query.page : undefined,
            },
          },
        }),
      ) as Promise<SearchPage>;
    },
    suggestions(q: string): Promise<Suggestion[]> {
      return unwrap(loose.GET("/api/v1/search/suggestions/", { params: { query: { q } } })) as Promise<
        Suggestion[]
      >;
    },
  };
}

export type SearchApi = ReturnType<typeof createSearchApi>;

let shared: SearchApi | null = null;

export function searchApi(): SearchApi {
  shared ??= createSearchApi();
  return shared;
}
