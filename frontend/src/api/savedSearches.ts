/** A company's saved searches of consultations, with e-mail alerts (issue 12, part A). */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";

export type SavedSearch = Schemas["SavedSearch"];
export type SavedSearchWrite = Schemas["SavedSearchInputRequest"];

export function createSavedSearchesApi(client: ApiClient = createApiClient()) {
  return {
    list() {
      return unwrap(client.GET("/api/v1/me/saved-searches/", { params: { query: {} } }));
    },
    create(body: SavedSearchWrite) {
      return unwrap(client.POST("/api/v1/me/saved-searches/", { body }));
    },
    remove(id: number) {
      return unwrap(
        client.DELETE("/api/v1/me/saved-searches/{id}/", { params: { path: { id } } }),
      );
    },
  };
}

let shared: ReturnType<typeof createSavedSearchesApi> | null = null;

export function savedSearchesApi(): ReturnType<typeof createSavedSearchesApi> {
  shared ??= createSavedSearchesApi();
  return shared;
}
