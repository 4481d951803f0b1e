/** One function per use of the API, so pages never spell paths or status codes. */
import {
  type ApiClient,
  type Collectivite,
  type CollectivitePage,
  createApiClient,
  type InvitationSent,
  type InviteRequest,
  type Kind,
  type Me,
  type Membership,
  type MembershipUpdate,
  type MyMembership,
  unwrap,
} from "./client";
import { ApiError } from "./errors";

export interface DirectoryQuery {
  search?: string;
  kind?: Kind | "";
  departement?: string;
  page?: number;
  pageSize?: number;
}

export function createApi(client: ApiClient = createApiClient()) {
  return {
    /** The signed-in user, or null when the session is anonymous (or its token is refused). */
    async me(): Promise<Me | null> {
      try {
        return await unwrap(client.GET("/api/v1/me/"));
      } catch (error) {
        if (error instanceof ApiError && error.is("not_authenticated", "authentication_failed", "permission_denied")) {
          return null;
        }
        throw error;
      }
    },

    login(username: string, password: string): Promise<Me> {
      return unwrap(client.POST("/api/v1/auth/login/", { body: { username, password } }));
    },

    async logout(): Promise<void> {
      await unwrap(client.POST("/api/v1/auth/logout/"));
    },

    collectivites(query: DirectoryQuery = {}): Promise<CollectivitePage> {
      return unwrap(
        client.GET("/api/v1/collectivites/", {
          params: {
            query: {
              search: query.search?.trim() || undefined,
              kind: query.kind || undefined,
              departement: query.departement?.trim() || undefined,
              page: query.page && query.page > 1 ? query.page : undefined,
              page_size: query.pageSize,
            },
          },
        }),
      );
    },

    collectivite(id: number): Promise<Collectivite> {
      return unwrap(client.GET("/api/v1/collectivites/{id}/", { params: { path: { id } } }));
    },

    async members(collectiviteId: number): Promise<Membership[]> {
      const members: Membership[] = [];
      for (let page = 1; ; page += 1) {
        const batch = await unwrap(
          client.GET("/api/v1/collectivites/{collectivite_pk}/memberships/", {
            params: { path: { collectivite_pk: collectiviteId }, query: { page, page_size: 100 } },
          }),
        );
        members.push(...batch.results);
        if (!batch.next) return members;
      }
    },

    acceptInvitation(invitationId: number): Promise<MyMembership> {
      return unwrap(
        client.POST("/api/v1/me/invitations/{id}/accept/", {
          params: { path: { id: invitationId } },
        }),
      );
    },

    invite(collectiviteId: number, body: InviteRequest): Promise<Membership | InvitationSent> {
      return unwrap(
        client.POST("/api/v1/collectivites/{collectivite_pk}/memberships/", {
          params: { path: { collectivite_pk: collectiviteId } },
          body,
        }),
      );
    },

    updateMember(collectiviteId: number, id: number, body: MembershipUpdate): Promise<Membership> {
      return unwrap(
        client.PATCH("/api/v1/collectivites/{collectivite_pk}/memberships/{id}/", {
          params: { path: { collectivite_pk: collectiviteId, id } },
          body,
        }),
      );
    },

    async removeMember(collectiviteId: number, id: number): Promise<void> {
      await unwrap(
        client.DELETE("/api/v1/collectivites/{collectivite_pk}/memberships/{id}/", {
          params: { path: { collectivite_pk: collectiviteId, id } },
        }),
      );
    },
  };
}

export type Api = ReturnType<typeof createApi>;

let shared: Api | null = null;

/** The app-wide API instance (created lazily so tests can stub fetch before first use). */
export function api(): Api {
  shared ??= createApi();
  return shared;
}
