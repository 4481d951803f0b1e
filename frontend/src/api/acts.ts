/** Acts to the prefecture and accounting files (Hélios): typed calls, uploads with progress. */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";
import { uploadForm, type UploadOptions } from "./upload";

export type Act = Schemas["Act"];
export type ActDetail = Schemas["ActDetail"];
export type ActPage = Schemas["PaginatedActList"];
export type ActMessage = Schemas["ActMessage"];
export type ActTimelineEvent = Schemas["ActTimelineEvent"];
export type ActStatus = Schemas["ActStatusEnum"];
export type Classification = Schemas["Classification"];
export type AccountingFile = Schemas["AccountingFile"];
export type AccountingFilePage = Schemas["PaginatedAccountingFileList"];
export type PublishedActPage = Schemas["PaginatedPublishedActList"];

const ACTS = "/api/v1/acts";

/** Plain links: the browser downloads. */
export const actLinks = {
  file: (actId: number, fileId: number) => `${ACTS}/${actId}/files/${fileId}/download/`,
  stamped: (actId: number) => `${ACTS}/${actId}/stamped/`,
  acknowledgement: (actId: number) => `${ACTS}/${actId}/acknowledgement/`,
  archive: (actId: number) => `${ACTS}/${actId}/archive/`,
  exchangeFile: (actId: number, messageId: number) =>
    `${ACTS}/${actId}/exchanges/${messageId}/download/`,
  accountingFile: (id: number) => `/api/v1/accounting-files/${id}/download/`,
  accountingAck: (id: number) => `/api/v1/accounting-files/${id}/acknowledgement/`,
};

export function createActsApi(client: ApiClient = createApiClient()) {
  const id = (value: number) => ({ params: { path: { id: value } } });
  return {
    list(query: { status?: ActStatus; page?: number; collectivite?: number }): Promise<ActPage> {
      return unwrap(client.GET("/api/v1/acts/", { params: { query } }));
    },
    get(actId: number): Promise<ActDetail> {
      return unwrap(client.GET("/api/v1/acts/{id}/", id(actId)));
    },
    timeline(actId: number): Promise<ActTimelineEvent[]> {
      return unwrap(client.GET("/api/v1/acts/{id}/timeline/", id(actId)));
    },
    transmit(actId: number): Promise<ActDetail> {
      return unwrap(client.POST("/api/v1/acts/{id}/transmit/", id(actId)));
    },
    cancel(actId: number): Promise<ActDetail> {
      return unwrap(client.POST("/api/v1/acts/{id}/cancel/", id(actId)));
    },
    publish(actId: number, publication_date: string, online: boolean): Promise<ActDetail> {
      return unwrap(
        client.POST("/api/v1/acts/{id}/publish/", { ...id(actId), body: { publication_date, online } }),
      );
    },
    classification(): Promise<Classification> {
      return unwrap(client.GET("/api/v1/acts/classification/"));
    },
    accountingFiles(query: { page?: number }): Promise<AccountingFilePage> {
      return unwrap(client.GET("/api/v1/accounting-files/", { params: { query } }));
    },
    /** The acts a collectivité published online: public, anonymous visitors included. */
    published(collectiviteId: number, page = 1): Promise<PublishedActPage> {
      return unwrap(
        client.GET("/api/v1/collectivites/{collectivite_pk}/published-acts/", {
          params: { path: { collectivite_pk: collectiviteId }, query: { page, page_size: PUBLISHED_PER_PAGE } },
        }),
      );
    },
  };
}

/** Published acts per page of a collectivité's public page. */
export const PUBLISHED_PER_PAGE = 20;

export const actsApi = createActsApi();

export function submitAct(form: FormData, options: UploadOptions): Promise<ActDetail> {
  return uploadForm<ActDetail>(`${ACTS}/`, form, options);
}

export function answerExchange(actId: number, messageId: number, form: FormData): Promise<ActMessage> {
  return uploadForm<ActMessage>(`${ACTS}/${actId}/exchanges/${messageId}/answer/`, form);
}

export function submitAccountingFile(form: FormData, options: UploadOptions): Promise<AccountingFile> {
  return uploadForm<AccountingFile>("/api/v1/accounting-files/", form, options);
}

export const ACT_STATUS_LABELS: Record<ActStatus, string> = {
  posted: "Déposé",
  waiting: "En attente de transmission",
  transmitted: "Transmis",
  acknowledged: "Acquitté",
  error: "En erreur",
  cancelled: "Annulé",
};

export const NATURES: Array<[number, string]> = [
  [1, "Délibérations (DE)"],
  [2, "Actes réglementaires (AR)"],
  [3, "Actes individuels (AI)"],
  [4, "Contrats, conventions et avenants (CC)"],
  [5, "Documents budgétaires et financiers (BF)"],
  [6, "Autres (AU)"],
];

export const TIMELINE_LABELS: Record<string, string> = {
  "act.posted": "Acte déposé",
  "act.transmission_requested": "Transmission demandée",
  "act.transmitted": "Transmis à la préfecture",
  "act.acknowledged": "Accusé de réception de la préfecture",
  "act.anomaly": "Anomalie signalée par la préfecture",
  "act.hand_over_failed": "Échec de remise à la passerelle",
  "act.cancellation_requested": "Annulation demandée",
  "act.cancelled": "Acte annulé",
  "act.published": "Publication enregistrée",
  "act.exchange_received": "Courrier de la préfecture",
  "act.exchange_answered": "Réponse de la collectivité",
  "act.message_transmitted": "Message transmis",
  "act.message_acknowledged": "Message acquitté",
  "act.message.hand_over_failed": "Échec de remise d'un message",
  "act.message_anomaly": "Anomalie sur un message",
};
