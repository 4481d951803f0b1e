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

/** SHA-256 of the text as UTF-8, in hexadecimal: what the server compares an approval with. */
export async function textSha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function approvalProgress(rows: readonly ApprovalRow[]): { approved: number; total: number } {
  return { approved: rows.filter((row) => row.state === "approved").length, total: rows.length };
}
