/**
 * The global search's API calls: results of every kind the user may open, with counts per kind,
 * and suggestions for the header's search box. Open to anonymous visitors too: the server
 * decides what each caller finds.
 */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "../../api/client";

export type SearchType = Schemas["SearchResultTypeEnum"];
export type SearchResult = Schemas["SearchHit"];
export type SearchPage = Schemas["SearchResults"];
export type Suggestion = Schemas["SearchSuggestion"];

export interface SearchQuery {
  q: string;
  type?: SearchType | undefined;
  collectivite?: number | undefined;
  page?: number;
}

export function createSearchApi(client: ApiClient = createApiClient()) {
  return {
    search(query: SearchQuery): Promise<SearchPage> {
      return unwrap(
        client.GET("/api/v1/search/", {
          params: {
            query: {
              q: query.q,
              type: query.type,
              collectivite: query.collectivite,
              page: query.page && query.page > 1 ? query.page : undefined,
            },
          },
        }),
      );
    },
    suggestions(q: string): Promise<Suggestion[]> {
      return unwrap(client.GET("/api/v1/search/suggestions/", { params: { query: { q } } }));
    },
  };
}

export type SearchApi = ReturnType<typeof createSearchApi>;

let shared: SearchApi | null = null;

export function searchApi(): SearchApi {
  shared ??= createSearchApi();
  return shared;
}
