/**
 * After the choice of the winner (ADR 0017): the analysis grid, the awards' steps (rejection
 * letters, standstill, certificates, notification, modifications) and the company's side.
 */
import type { Schemas } from "./client";
import { requestJson, uploadForm } from "./upload";

export type GridScope = Schemas["GridScope"];
export type Criterion = Schemas["Criterion"];
export type AwardSteps = Schemas["AwardSteps"];
export type MyAward = Schemas["MyAward"];
export type MyAwardPage = Schemas["PaginatedMyAwardList"];
export type RejectionInput = Schemas["RejectionInputRequest"];

const API = "/api/v1";
const tender = (id: number) => `${API}/tenders/${id}`;
const award = (tenderId: number, awardId: number) => `${tender(tenderId)}/awards/${awardId}`;

export const afterChoiceLinks = {
  report: (tenderId: number) => `${tender(tenderId)}/analysis/report/`,
  letter: (tenderId: number, awardId: number, letterId: number) =>
    `${award(tenderId, awardId)}/rejection-letters/${letterId}/pdf/`,
  certificate: (tenderId: number, awardId: number, certificateId: number) =>
    `${award(tenderId, awardId)}/certificates/${certificateId}/download/`,
};

export const afterChoiceApi = {
  criteria: (tenderId: number) => requestJson<Criterion[]>("GET", `${tender(tenderId)}/analysis/criteria/`),
  setCriteria: (tenderId: number, criteria: Array<{ name: string; weight: number; lot_number?: number | null }>) =>
    requestJson<Criterion[]>("PUT", `${tender(tenderId)}/analysis/criteria/`, { criteria }),
  grid: (tenderId: number) => requestJson<GridScope[]>("GET", `${tender(tenderId)}/analysis/`),
  score: (
    tenderId: number,
    bidId: number,
    scores: Array<{ criterion: number; score: string; comment?: string }>,
  ) => requestJson<GridScope[]>("POST", `${tender(tenderId)}/analysis/${bidId}/scores/`, { scores }),
  steps: (tenderId: number) => requestJson<AwardSteps[]>("GET", `${tender(tenderId)}/awards/`),
  sendLetters: (tenderId: number, awardId: number, body: RejectionInput) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/rejection-letters/`, body),
  requestCertificates: (tenderId: number, awardId: number) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/certificates/request/`, {}),
  reviewCertificate: (tenderId: number, awardId: number, id: number, accept: boolean, reason = "") =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/certificates/${id}/review/`, {
      accept,
      reason,
    }),
  uploadCertificate: (tenderId: number, awardId: number, id: number, file: File) => {
    const form = new FormData();
    form.append("file", file);
    return uploadForm<MyAward>(`${award(tenderId, awardId)}/certificates/${id}/upload/`, form);
  },
  notify: (tenderId: number, awardId: number) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/notify/`, {}),
  recordNotification: (tenderId: number, awardId: number, notificationDate: string) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/notification/`, {
      notification_date: notificationDate,
    }),
  acknowledge: (tenderId: number, awardId: number) =>
    requestJson<MyAward>("POST", `${award(tenderId, awardId)}/acknowledge/`),
  correct: (tenderId: number, awardId: number, body: Schemas["CorrectionRequest"]) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/correct/`, body),
  addModification: (tenderId: number, awardId: number, body: Schemas["ModificationInputRequest"]) =>
    requestJson<AwardSteps>("POST", `${award(tenderId, awardId)}/modifications/`, body),
  myAwards: () => requestJson<MyAwardPage>("GET", `${API}/me/awards/`),
};
