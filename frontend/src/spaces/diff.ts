/**
 * A line diff from the API (`lines: [{op, text}]`) as rows to display: each row carries the
 * line numbers in the old and new texts, a sign for those who cannot tell colours apart, and
 * a label for screen readers. Long runs of unchanged lines are folded, keeping some context.
 */
import type { DiffOp } from "../api/spaces";

export interface DiffRow {
  kind: DiffOp | "fold";
  oldNumber: number | null;
  newNumber: number | null;
  sign: " " | "+" | "-" | "…";
  text: string;
  label: string;
}

export interface DiffSummary {
  inserted: number;
  deleted: number;
}

const LABELS: Record<DiffOp, string> = { equal: "inchangée", insert: "ajoutée", delete: "supprimée" };
const SIGNS: Record<DiffOp, DiffRow["sign"]> = { equal: " ", insert: "+", delete: "-" };

export function diffSummary(lines: ReadonlyArray<{ op: DiffOp }>): DiffSummary {
  return {
    inserted: lines.filter((line) => line.op === "insert").length,
    deleted: lines.filter((line) => line.op === "delete").length,
  };
}

export function diffRows(lines: ReadonlyArray<{ op: DiffOp; text: string }>, context = 3): DiffRow[] {
  const numbered: DiffRow[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  for (const { op, text } of lines) {
    if (op !== "insert") oldNumber += 1;
    if (op !== "delete") newNumber += 1;
    numbered.push({
      kind: op,
      oldNumber: op === "insert" ? null : oldNumber,
      newNumber: op === "delete" ? null : newNumber,
      sign: SIGNS[op],
      text,
      label: LABELS[op],
    });
  }
  // Keep unchanged lines within `context` of a change; fold the others, run by run.
  const changed = numbered.map((row) => row.kind !== "equal");
  const near = numbered.map((_row, index) => {
    for (let offset = -context; offset <= context; offset += 1) {
      if (changed[index + offset]) return true;
    }
    return false;
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  const flush = () => {
    if (folded === 0) return;
    rows.push({
      kind: "fold",
      oldNumber: null,
      newNumber: null,
      sign: "…",
      text: `${folded} ligne${folded > 1 ? "s" : ""} inchangée${folded > 1 ? "s" : ""}`,
      label: "lignes masquées",
    });
    folded = 0;
  };
  numbered.forEach((row, index) => {
    if (near[index]) {
      flush();
      rows.push(row);
    } else {
      folded += 1;
    }
  });
  flush();
  return rows;
}
