/** The forums' API calls (forums, topics, posts, moderation) and the core inbox. */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";
import { uploadForm } from "./upload";

export type Forum = Schemas["Forum"];
export type Topic = Schemas["Topic"];
export type TopicDetail = Schemas["TopicDetail"];
export type Post = Schemas["Post"];
export type QueuedPost = Schemas["QueuedPost"];
export type ModerationAction = Schemas["ModerationAction"];
export type Person = Schemas["ForumPerson"];
export type InboxNotification = Schemas["InboxNotification"];
export type ReportReason = Schemas["ForumReportCreateRequest"]["reason"];
export type Revision = Schemas["ForumRevision"];
export type Silence = Schemas["Silence"];
export type WatchedWord = Schemas["WatchedWord"];
export type WatchedAction = WatchedWord["action"];
export type EmailMode = Schemas["EmailModeEnum"];
export type TopicFilter = "unanswered" | "answered" | "mine" | "subscribed";
export type PostAct = "hide" | "restore" | "approve" | "delete";
export type TopicAct = "lock" | "pin" | "close" | "reopen";

/** Topics per page of a forum's list. */
export const TOPICS_PER_PAGE = 20;

/** The ``cursor`` of a keyset list's ``next`` link (api/pagination.py), if there is a next page. */
export function nextCursor(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  return new URL(next, window.location.origin).searchParams.get("cursor") ?? undefined;
}

export function createForumsApi(client: ApiClient = createApiClient()) {
  const id = (value: number) => ({ params: { path: { id: value } } });
  return {
    forums(): Promise<Schemas["PaginatedForumList"]> {
      return unwrap(client.GET("/api/v1/forums/", { params: { query: { page_size: 100 } } }));
    },
    forum(forumId: number): Promise<Forum> {
      return unwrap(client.GET("/api/v1/forums/{id}/", id(forumId)));
    },
    topics(forumId?: number, filter?: TopicFilter, page = 1): Promise<Schemas["PaginatedTopicList"]> {
      return unwrap(
        client.GET("/api/v1/forums/topics/", {
          params: { query: { forum: forumId, filter, page, page_size: TOPICS_PER_PAGE } },
        }),
      );
    },
    topic(topicId: number): Promise<TopicDetail> {
      return unwrap(client.GET("/api/v1/forums/topics/{id}/", id(topicId)));
    },
    createTopic(forum: number, title: string, body: string): Promise<TopicDetail> {
      return unwrap(client.POST("/api/v1/forums/topics/", { body: { forum, title, body } }));
    },
    /** Every post of the topic the reader may see (``after``: only newer ones), following the
     * keyset cursors of ``next``: page numbers stop at the counted rows (10 000, then a 400
     * ``page_too_deep``) and shift when a moderator hides or restores a post mid-walk, where a
     * cursor resumes after the last post read. */
    async posts(topicId: number, after?: number): Promise<Post[]> {
      const all: Post[] = [];
      let cursor: string | undefined;
      for (;;) {
        const batch = await unwrap(
          client.GET("/api/v1/forums/topics/{id}/posts/", {
            params: { path: { id: topicId }, query: { after, cursor, page_size: 100 } },
          }),
        );
        all.push(...batch.results);
        cursor = nextCursor(batch.next);
        if (!cursor) return all;
      }
    },
    /** A reply with files goes as multipart (the server checks each file's type by content). */
    replyWithFiles(topicId: number, body: string, quoteOf: number | null | undefined, files: File[]): Promise<Post> {
      const form = new FormData();
      form.append("body", body);
      if (quoteOf) form.append("quote_of", String(quoteOf));
      for (const file of files) form.append("attachments", file);
      return uploadForm<Post>(`/api/v1/forums/topics/${topicId}/posts/`, form);
    },
    reply(topicId: number, body: string, quoteOf?: number | null): Promise<Post> {
      return unwrap(
        client.POST("/api/v1/forums/topics/{id}/posts/", {
          ...id(topicId),
          body: { body, quote_of: quoteOf ?? null },
        }),
      );
    },
    mentions(topicId: number, q: string): Promise<Person[]> {
      return unwrap(
        client.GET("/api/v1/forums/topics/{id}/mentions/", {
          params: { path: { id: topicId }, query: { q } },
        }),
      );
    },
    markAnswer(topicId: number, post: number | null): Promise<TopicDetail> {
      return unwrap(client.POST("/api/v1/forums/topics/{id}/answer/", { ...id(topicId), body: { post } }));
    },
    subscribe(topicId: number, on: boolean) {
      return unwrap(client.POST("/api/v1/forums/topics/{id}/subscription/", { ...id(topicId), body: { on } }));
    },
    report(postId: number, reason: ReportReason, details: string): Promise<void> {
      return unwrap(
        client.POST("/api/v1/forums/posts/{id}/report/", { ...id(postId), body: { reason, details } }),
      ) as Promise<void>;
    },
    moderatePost(postId: number, act: PostAct, reason: string): Promise<Post> {
      const options = { ...id(postId), body: { reason } };
      switch (act) {
        case "hide":
          return unwrap(client.POST("/api/v1/forums/posts/{id}/hide/", options));
        case "restore":
          return unwrap(client.POST("/api/v1/forums/posts/{id}/restore/", options));
        case "approve":
          return unwrap(client.POST("/api/v1/forums/posts/{id}/approve/", options));
        case "delete":
          return unwrap(client.POST("/api/v1/forums/posts/{id}/delete/", options));
      }
    },
    moderateTopic(topicId: number, act: TopicAct, reason: string, extra: { on?: boolean; conclusion?: string } = {}) {
      const path = id(topicId);
      switch (act) {
        case "lock":
          return unwrap(client.POST("/api/v1/forums/topics/{id}/lock/", { ...path, body: { reason, on: extra.on ?? true } }));
        case "pin":
          return unwrap(client.POST("/api/v1/forums/topics/{id}/pin/", { ...path, body: { reason, on: extra.on ?? true } }));
        case "close":
          return unwrap(
            client.POST("/api/v1/forums/topics/{id}/close/", { ...path, body: { reason, conclusion: extra.conclusion ?? "" } }),
          );
        case "reopen":
          return unwrap(client.POST("/api/v1/forums/topics/{id}/reopen/", { ...path, body: { reason } }));
      }
    },
    moveTopic(topicId: number, forum: number, reason: string): Promise<TopicDetail> {
      return unwrap(client.POST("/api/v1/forums/topics/{id}/move/", { ...id(topicId), body: { forum, reason } }));
    },
    slowMode(topicId: number, seconds: number, reason: string): Promise<TopicDetail> {
      return unwrap(client.POST("/api/v1/forums/topics/{id}/slow-mode/", { ...id(topicId), body: { seconds, reason } }));
    },
    editPost(postId: number, body: string, reason: string): Promise<Post> {
      return unwrap(client.PATCH("/api/v1/forums/posts/{id}/", { ...id(postId), body: { body, reason } }));
    },
    revisions(postId: number): Promise<Revision[]> {
      return unwrap(client.GET("/api/v1/forums/posts/{id}/revisions/", id(postId)));
    },
    subscribeForum(forumId: number, on: boolean) {
      return unwrap(client.POST("/api/v1/forums/{id}/subscription/", { ...id(forumId), body: { on } }));
    },
    silence(user: number, forum: number | null, durationHours: number, reason: string): Promise<Silence> {
      return unwrap(
        client.POST("/api/v1/forums/silences/", { body: { user, forum, duration_hours: durationHours, reason } }),
      );
    },
    watchedWords(forumId: number): Promise<WatchedWord[]> {
      return unwrap(client.GET("/api/v1/forums/{id}/watched-words/", id(forumId)));
    },
    addWatchedWord(forumId: number, word: string, action: WatchedAction, reason: string): Promise<WatchedWord> {
      return unwrap(
        client.POST("/api/v1/forums/{id}/watched-words/", { ...id(forumId), body: { word, action, reason } }),
      );
    },
    removeWatchedWord(wordId: number, reason: string) {
      return unwrap(client.POST("/api/v1/forums/watched-words/{id}/remove/", { ...id(wordId), body: { reason } }));
    },
    async emailMode(): Promise<EmailMode> {
      return (await unwrap(client.GET("/api/v1/me/inbox/preference/"))).email_mode;
    },
    async setEmailMode(mode: EmailMode): Promise<EmailMode> {
      return (await unwrap(client.PUT("/api/v1/me/inbox/preference/", { body: { email_mode: mode } }))).email_mode;
    },
    reportQueue(forumId?: number): Promise<Schemas["PaginatedQueuedPostList"]> {
      return unwrap(client.GET("/api/v1/forums/reports/", { params: { query: { forum: forumId, page_size: 100 } } }));
    },
    approvalQueue(forumId?: number): Promise<Schemas["PaginatedQueuedPostList"]> {
      return unwrap(client.GET("/api/v1/forums/approvals/", { params: { query: { forum: forumId, page_size: 100 } } }));
    },
    log(mine: boolean, forumId?: number): Promise<Schemas["PaginatedModerationActionList"]> {
      return unwrap(
        client.GET("/api/v1/forums/log/", { params: { query: { mine: mine || undefined, forum: forumId, page_size: 100 } } }),
      );
    },
    inbox(): Promise<Schemas["PaginatedInboxNotificationList"]> {
      return unwrap(client.GET("/api/v1/me/inbox/", { params: { query: { page_size: 20 } } }));
    },
    async unread(): Promise<number> {
      return (await unwrap(client.GET("/api/v1/me/inbox/unread/"))).unread;
    },
    async markRead(ids?: number[]): Promise<number> {
      return (await unwrap(client.POST("/api/v1/me/inbox/read/", { body: { ids: ids ?? null } }))).marked;
    },
  };
}

export type ForumsApi = ReturnType<typeof createForumsApi>;

let shared: ForumsApi | null = null;

export function forumsApi(): ForumsApi {
  shared ??= createForumsApi();
  return shared;
}

/** The socket of a topic: nudges `{type: "post_new" | "post_changed", post: id}`. */
export function topicSocketUrl(topicId: number): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/ws/forums/topics/${topicId}/`;
}
