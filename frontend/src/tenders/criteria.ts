/**
 * The award criteria a buyer weighs before publication (R.2152-11, R.2152-12): pure checks the
 * form runs before asking the API, which checks the same rules again (ADR 0017).
 */

export const TOTAL_WEIGHT = 100;

export type CriterionDraft = { name: string; weight: string; lot_number: number | null };

export type WeightSum = { lot_number: number | null; total: number };

/** The integer weight typed in a field, or null when it is not a whole number from 1 to 100. */
export function parseWeight(text: string): number | null {
  const trimmed = text.trim().replace(/\s*%$/, "");
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= TOTAL_WEIGHT ? value : null;
}

/** The sum of the weights per scope (the whole consultation, or each lot), in order of first use. */
export function weightSums(rows: CriterionDraft[]): WeightSum[] {
  const sums = new Map<number | null, number>();
  for (const row of rows) {
    if (row.name.trim() === "" && row.weight.trim() === "") continue;
    sums.set(row.lot_number, (sums.get(row.lot_number) ?? 0) + (parseWeight(row.weight) ?? 0));
  }
  return [...sums.entries()].map(([lot_number, total]) => ({ lot_number, total }));
}

const scopeName = (lot: number | null) => (lot == null ? "de la consultation" : `du lot ${lot}`);

/** Every reason the rows cannot be saved yet, in French; empty when they can. */
export function criteriaProblems(rows: CriterionDraft[]): string[] {
  const filled = rows.filter((row) => row.name.trim() !== "" || row.weight.trim() !== "");
  const problems: string[] = [];
  if (filled.length === 0) return ["Ajoutez au moins un critère."];
  const seen = new Set<string>();
  for (const row of filled) {
    const name = row.name.trim();
    if (!name) problems.push("Chaque critère a un intitulé.");
    if (parseWeight(row.weight) == null)
      problems.push(`« ${name || "sans intitulé"} » : une pondération entière de 1 à 100 %.`);
    const key = `${row.lot_number ?? ""}|${name.toLowerCase()}`;
    if (name && seen.has(key)) problems.push(`Le critère « ${name} » est en double.`);
    seen.add(key);
  }
  for (const { lot_number, total } of weightSums(filled)) {
    if (total !== TOTAL_WEIGHT)
      problems.push(
        `Les pondérations des critères ${scopeName(lot_number)} totalisent ${total} % au lieu de ${TOTAL_WEIGHT} % (R.2152-12).`,
      );
  }
  return problems;
}

/** The body of the PUT: filled rows only, weights as integers. */
export function criteriaPayload(rows: CriterionDraft[]) {
  return rows
    .filter((row) => row.name.trim() !== "" || row.weight.trim() !== "")
    .map((row) => ({
      name: row.name.trim(),
      weight: parseWeight(row.weight) ?? 0,
      // The API takes no null lot: a criterion of the whole consultation has no lot_number.
      ...(row.lot_number == null ? {} : { lot_number: row.lot_number }),
    }));
}
