/** Notices and deadline warnings of a consultation (issue 12, part A). */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";

export type Notices = Schemas["Notices"];
export type DeadlineWarning = Schemas["DeadlineWarning"];
export type NoticeKind = Schemas["NoticeKindEnum"];
export type NoticeChannel = Schemas["NoticeChannelEnum"];

/** Plain links: the browser opens the notice's HTML or downloads its PDF. */
export const noticeLinks = {
  html: (tenderId: number, kind: NoticeKind) => `/api/v1/tenders/${tenderId}/notices/${kind}.html`,
  pdf: (tenderId: number, kind: NoticeKind) => `/api/v1/tenders/${tenderId}/notices/${kind}.pdf`,
};

export function createNoticesApi(client: ApiClient = createApiClient()) {
  const tender = (value: number) => ({ params: { path: { tender_pk: value } } });
  return {
    list(tenderId: number): Promise<Notices> {
      return unwrap(client.GET("/api/v1/tenders/{tender_pk}/notices/", tender(tenderId)));
    },
    send(tenderId: number, kind: NoticeKind, channel: NoticeChannel) {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/notices/", {
          ...tender(tenderId),
          body: { kind, channel },
        }),
      );
    },
    warnings(tenderId: number): Promise<DeadlineWarning[]> {
      return unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/deadline-warnings/", tender(tenderId)),
      );
    },
    postpone(tenderId: number, responseDeadline: string, reason: string) {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/postpone/", {
          ...tender(tenderId),
          body: { response_deadline: responseDeadline, reason },
        }),
      );
    },
  };
}

let shared: ReturnType<typeof createNoticesApi> | null = null;

export function noticesApi(): ReturnType<typeof createNoticesApi> {
  shared ??= createNoticesApi();
  return shared;
}
