/** The tender room's API calls (consultations, DCE, Q&A, my downloads and notifications). */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";
import type { TenderApiQuery } from "../tenders/filters";

export type TenderList = Schemas["TenderList"];
export type TenderDetail = Schemas["TenderDetail"];
export type TenderPage = Schemas["PaginatedTenderListList"];
export type TenderDocument = Schemas["Document"];
export type Question = Schemas["Question"];
export type QuestionPage = Schemas["PaginatedQuestionList"];
export type TimelineEvent = Schemas["TimelineEvent"];
export type DownloadPage = Schemas["PaginatedDownloadList"];
export type MyDownloadPage = Schemas["PaginatedMyDownloadList"];
export type NotificationPage = Schemas["PaginatedNotificationList"];
export type TenderWrite = Schemas["TenderCreateRequest"];
export type TenderUpdate = Schemas["PatchedTenderUpdateRequest"];
export type AwardRequest = Schemas["AwardRequestRequest"];

const BASE = "/api/v1/tenders";

/** Plain links (the browser downloads; the server records the retrait). */
export const tenderLinks = {
  document: (tenderId: number, documentId: number) =>
    `${BASE}/${tenderId}/documents/${documentId}/download/`,
  dceZip: (tenderId: number) => `${BASE}/${tenderId}/dce.zip`,
  documents: (tenderId: number) => `${BASE}/${tenderId}/documents/`,
};

export function createTendersApi(client: ApiClient = createApiClient()) {
  const id = (value: number) => ({ params: { path: { id: value } } });
  const tender = (value: number) => ({ params: { path: { tender_pk: value } } });
  return {
    list(query: TenderApiQuery): Promise<TenderPage> {
      return unwrap(client.GET("/api/v1/tenders/", { params: { query } }));
    },
    get(tenderId: number): Promise<TenderDetail> {
      return unwrap(client.GET("/api/v1/tenders/{id}/", id(tenderId)));
    },
    create(body: TenderWrite): Promise<TenderDetail> {
      return unwrap(client.POST("/api/v1/tenders/", { body }));
    },
    update(tenderId: number, body: TenderUpdate): Promise<TenderDetail> {
      return unwrap(client.PATCH("/api/v1/tenders/{id}/", { ...id(tenderId), body }));
    },
    publish(tenderId: number): Promise<TenderDetail> {
      return unwrap(client.POST("/api/v1/tenders/{id}/publish/", id(tenderId)));
    },
    cancel(tenderId: number, reason: string): Promise<TenderDetail> {
      return unwrap(
        client.POST("/api/v1/tenders/{id}/cancel/", { ...id(tenderId), body: { reason } }),
      );
    },
    open(tenderId: number): Promise<TenderDetail> {
      return unwrap(client.POST("/api/v1/tenders/{id}/open/", id(tenderId)));
    },
    award(tenderId: number, body: AwardRequest): Promise<TenderDetail> {
      return unwrap(client.POST("/api/v1/tenders/{id}/award/", { ...id(tenderId), body }));
    },
    unsuccessful(tenderId: number, reason: string): Promise<TenderDetail> {
      return unwrap(
        client.POST("/api/v1/tenders/{id}/unsuccessful/", { ...id(tenderId), body: { reason } }),
      );
    },
    timeline(tenderId: number): Promise<TimelineEvent[]> {
      return unwrap(client.GET("/api/v1/tenders/{id}/timeline/", id(tenderId)));
    },
    downloadRegister(tenderId: number): Promise<DownloadPage> {
      return unwrap(
        client.GET("/api/v1/tenders/{id}/downloads/", {
          params: { path: { id: tenderId }, query: { page_size: 100 } },
        }),
      );
    },
    async deleteDocument(tenderId: number, documentId: number): Promise<void> {
      await unwrap(
        client.DELETE("/api/v1/tenders/{tender_pk}/documents/{doc_id}/", {
          params: { path: { tender_pk: tenderId, doc_id: documentId } },
        }),
      );
    },
    async questions(tenderId: number): Promise<Question[]> {
      const all: Question[] = [];
      for (let page = 1; ; page += 1) {
        const batch = await unwrap(
          client.GET("/api/v1/tenders/{tender_pk}/questions/", {
            params: { path: { tender_pk: tenderId }, query: { page, page_size: 100 } },
          }),
        );
        all.push(...batch.results);
        if (!batch.next) return all;
      }
    },
    ask(tenderId: number, text: string): Promise<Question> {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/questions/", { ...tender(tenderId), body: { text } }),
      );
    },
    answer(tenderId: number, questionId: number, text: string): Promise<Question> {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/questions/{question_id}/answer/", {
          params: { path: { tender_pk: tenderId, question_id: questionId } },
          body: { text },
        }),
      );
    },
    myDownloads(page = 1): Promise<MyDownloadPage> {
      return unwrap(client.GET("/api/v1/me/downloads/", { params: { query: { page } } }));
    },
    notifications(page = 1): Promise<NotificationPage> {
      return unwrap(client.GET("/api/v1/me/notifications/", { params: { query: { page } } }));
    },
    async markNotificationsRead(ids?: number[]): Promise<number> {
      const result = await unwrap(
        client.POST("/api/v1/me/notifications/read/", { body: { ids: ids ?? null } }),
      );
      return result.marked;
    },
  };
}

export type TendersApi = ReturnType<typeof createTendersApi>;

let shared: TendersApi | null = null;

export function tendersApi(): TendersApi {
  shared ??= createTendersApi();
  return shared;
}
