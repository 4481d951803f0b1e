/** The library's API calls (pages, their rendering, documents, the preview of a draft). */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";

export type LibraryPage = Schemas["LibraryPage"];
export type LibraryPageDetail = Schemas["LibraryPageDetail"];
export type LibraryPageList = Schemas["PaginatedLibraryPageList"];
export type LibraryDocument = Schemas["LibraryDocument"];
export type LibraryTheme = Schemas["LibraryThemeEnum"];
export type LibraryKind = Schemas["LibraryPageKindEnum"];

export interface LibraryQuery {
  q?: string;
  theme?: LibraryTheme;
  kind?: LibraryKind;
  tag?: string;
  parent?: number;
  page?: number;
  page_size?: number;
}

export function createLibraryApi(client: ApiClient = createApiClient()) {
  return {
    list(query: LibraryQuery = {}): Promise<LibraryPageList> {
      return unwrap(client.GET("/api/v1/library/pages/", { params: { query } }));
    },
    get(id: number): Promise<LibraryPageDetail> {
      return unwrap(client.GET("/api/v1/library/pages/{id}/", { params: { path: { id } } }));
    },
    preview(token: string): Promise<LibraryPageDetail> {
      return unwrap(client.GET("/api/v1/library/preview/", { params: { query: { token } } }));
    },
  };
}

export type LibraryApi = ReturnType<typeof createLibraryApi>;

let shared: LibraryApi | null = null;

export function libraryApi(): LibraryApi {
  shared ??= createLibraryApi();
  return shared;
}
