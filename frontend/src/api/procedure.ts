/**
 * The legal layer of a consultation (tendb): the deposit register and its opening PV, the
 * candidature phase of two-phase procedures, and the secure messaging (R.2144-2, R.2152-2).
 */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";
import { uploadForm } from "./upload";

export type DepositRegister = Schemas["DepositRegister"];
export type Candidature = Schemas["Candidature"];
export type CandidatureRequirement = Schemas["CandidatureRequirement"];
export type Clarification = Schemas["Clarification"];
export type DeadlineReport = Schemas["DeadlineReport"];

const API = "/api/v1";

export const procedureLinks = {
  pv: (tenderId: number) => `${API}/tenders/${tenderId}/opening-pv.pdf`,
  candidatureFile: (tenderId: number, candidatureId: number, fileId: number) =>
    `${API}/tenders/${tenderId}/candidatures/${candidatureId}/files/${fileId}/download/`,
  answerFile: (tenderId: number, requestId: number, fileId: number) =>
    `${API}/tenders/${tenderId}/clarifications/${requestId}/files/${fileId}/download/`,
};

export function createProcedureApi(client: ApiClient = createApiClient()) {
  const tender = (value: number) => ({ params: { path: { tender_pk: value } } });
  return {
    register(tenderId: number): Promise<DepositRegister> {
      return unwrap(client.GET("/api/v1/tenders/{tender_pk}/register/", tender(tenderId)));
    },
    deadlines(tenderId: number): Promise<DeadlineReport> {
      return unwrap(
        client.GET("/api/v1/tenders/{id}/deadlines/", { params: { path: { id: tenderId } } }),
      );
    },
    requirements(tenderId: number): Promise<CandidatureRequirement[]> {
      return unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/candidatures/requirements/", tender(tenderId)),
      );
    },
    setRequirements(
      tenderId: number,
      items: Omit<CandidatureRequirement, "id">[],
    ): Promise<CandidatureRequirement[]> {
      return unwrap(
        client.PUT("/api/v1/tenders/{tender_pk}/candidatures/requirements/", {
          ...tender(tenderId),
          body: { items: items as CandidatureRequirement[] },
        }),
      );
    },
    submitCandidature(tenderId: number, files: File[], requirements: number[]): Promise<Candidature> {
      const form = new FormData();
      files.forEach((file, index) => {
        form.append("files", file, file.name);
        form.append("requirements", String(requirements[index] ?? 0));
      });
      return uploadForm<Candidature>(`${API}/tenders/${tenderId}/candidatures/`, form, {
        onProgress: () => undefined,
      });
    },
    myCandidatures(tenderId: number): Promise<Candidature[]> {
      return unwrap(client.GET("/api/v1/tenders/{tender_pk}/candidatures/mine/", tender(tenderId)));
    },
    async candidatures(tenderId: number): Promise<Candidature[]> {
      const page = await unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/candidatures/", {
          params: { path: { tender_pk: tenderId }, query: { page_size: 100 } },
        }),
      );
      return page.results;
    },
    decide(tenderId: number, candidatureId: number, admitted: boolean, reason: string) {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/candidatures/{candidature_id}/decide/", {
          params: { path: { tender_pk: tenderId, candidature_id: candidatureId } },
          body: { admitted, reason },
        }),
      );
    },
    invite(tenderId: number, responseDeadline: string) {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/candidatures/invite/", {
          ...tender(tenderId),
          body: { response_deadline: responseDeadline },
        }),
      );
    },
    async clarifications(tenderId: number): Promise<Clarification[]> {
      const page = await unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/clarifications/", {
          params: { path: { tender_pk: tenderId }, query: { page_size: 100 } },
        }),
      );
      return page.results;
    },
    ask(
      tenderId: number,
      body: { company: number; kind: Clarification["kind"]; text: string; deadline: string },
    ) {
      return unwrap(
        client.POST("/api/v1/tenders/{tender_pk}/clarifications/", { ...tender(tenderId), body }),
      );
    },
    async myClarifications(): Promise<Clarification[]> {
      const page = await unwrap(
        client.GET("/api/v1/me/clarifications/", { params: { query: { page_size: 100 } } }),
      );
      return page.results;
    },
    answer(requestId: number, text: string, files: File[]): Promise<Clarification> {
      const form = new FormData();
      form.append("text", text);
      for (const file of files) form.append("files", file, file.name);
      return uploadForm<Clarification>(`${API}/me/clarifications/${requestId}/answer/`, form, {
        onProgress: () => undefined,
      });
    },
  };
}

let shared: ReturnType<typeof createProcedureApi> | null = null;

export function procedureApi(): ReturnType<typeof createProcedureApi> {
  shared ??= createProcedureApi();
  return shared;
}
