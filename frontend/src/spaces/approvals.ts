/**
 * Where each editor collectivité stands on the draft: it approved the current text, it
 * approved an earlier text (an edit since then made its approval stale), or it has not
 * approved. The draft is approved when every editor collectivité approved the current text.
 */
import type { Approval, NamedRef } from "../api/spaces";

export type ApprovalState = "approved" | "stale" | "pending";

export interface ApprovalRow {
  collectivite: NamedRef;
  state: ApprovalState;
  approval: Approval | null;
}

export function approvalRows(editors: readonly NamedRef[], approvals: readonly Approval[]): ApprovalRow[] {
  const byCollectivite = new Map(approvals.map((approval) => [approval.collectivite.id, approval]));
  return editors.map((collectivite) => {
    const approval = byCollectivite.get(collectivite.id) ?? null;
    const state: ApprovalState = !approval ? "pending" : approval.current ? "approved" : "stale";
    return { collectivite, state, approval };
  });
}

export function approvalProgress(rows: readonly ApprovalRow[]): { approved: number; total: number } {
  return { approved: rows.filter((row) => row.state === "approved").length, total: rows.length };
}
