/**
 * Training progress and model clauses (library/training/…, library/clauses/, drafts/{id}/clauses/)
 * through the typed client: shapes come from the OpenAPI schema.
 */
import { createApiClient, type Schemas, unwrap } from "./client";

export type ModuleProgress = Schemas["ModuleProgress"];
export type LessonState = Schemas["LessonState"];
export type Lesson = Schemas["Lesson"];
export type QuizResult = Schemas["QuizResult"];
export type ModuleCompletion = Schemas["ModuleCompletion"];
export type CollectiviteProgress = Schemas["CollectiviteProgress"];
export type Clause = Schemas["Clause"];
export type ClauseRevision = Schemas["ClauseRevision"];
export type DraftClause = Schemas["DraftClause"];

let client: ReturnType<typeof createApiClient> | null = null;
const http = () => (client ??= createApiClient());

export const trainingApi = {
  progress(moduleId: number): Promise<ModuleProgress> {
    return unwrap(
      http().GET("/api/v1/library/training/modules/{id}/progress/", { params: { path: { id: moduleId } } }),
    );
  },
  lesson(lessonId: number): Promise<Lesson> {
    return unwrap(http().GET("/api/v1/library/training/lessons/{id}/", { params: { path: { id: lessonId } } }));
  },
  markDone(lessonId: number): Promise<Lesson> {
    return unwrap(
      http().POST("/api/v1/library/training/lessons/{id}/done/", { params: { path: { id: lessonId } } }),
    );
  },
  answer(lessonId: number, answers: Record<string, string[]>): Promise<QuizResult> {
    return unwrap(
      http().POST("/api/v1/library/training/lessons/{id}/quiz/", {
        params: { path: { id: lessonId } },
        body: { answers },
      }),
    );
  },
  completion(moduleId: number): Promise<ModuleCompletion> {
    return unwrap(
      http().GET("/api/v1/library/training/modules/{id}/completion/", { params: { path: { id: moduleId } } }),
    );
  },
  members(moduleId: number, collectiviteId: number): Promise<CollectiviteProgress> {
    return unwrap(
      http().GET("/api/v1/library/training/modules/{id}/collectivites/{collectivite_pk}/members/", {
        params: { path: { id: moduleId, collectivite_pk: collectiviteId } },
      }),
    );
  },
};

export const clausesApi = {
  async list(q: string): Promise<Clause[]> {
    const page = await unwrap(
      http().GET("/api/v1/library/clauses/", { params: { query: { q: q.trim() || undefined, page_size: 50 } } }),
    );
    return page.results;
  },
  revisions(clauseId: number): Promise<ClauseRevision[]> {
    return unwrap(
      http().GET("/api/v1/library/clauses/{id}/revisions/", { params: { path: { id: clauseId } } }),
    );
  },
  ofDraft(draftId: number): Promise<DraftClause[]> {
    return unwrap(http().GET("/api/v1/drafts/{id}/clauses/", { params: { path: { id: draftId } } }));
  },
  record(draftId: number, clause: number, revision: number | null): Promise<DraftClause[]> {
    return unwrap(
      http().POST("/api/v1/drafts/{id}/clauses/", {
        params: { path: { id: draftId } },
        body: { clause, revision },
      }),
    );
  },
};
