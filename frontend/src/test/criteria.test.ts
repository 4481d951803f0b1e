import { describe, expect, it } from "vitest";
import { criteriaPayload, criteriaProblems, parseWeight, weightSums } from "../tenders/criteria";

const row = (name: string, weight: string, lot_number: number | null = null) => ({ name, weight, lot_number });

describe("award criteria weights", () => {
  it("reads whole weights from 1 to 100 only", () => {
    expect(parseWeight("60")).toBe(60);
    expect(parseWeight(" 40 % ")).toBe(40);
    expect(parseWeight("100")).toBe(100);
    expect(parseWeight("0")).toBeNull();
    expect(parseWeight("101")).toBeNull();
    expect(parseWeight("12.5")).toBeNull();
    expect(parseWeight("")).toBeNull();
  });

  it("sums per scope and ignores empty rows", () => {
    const rows = [row("Prix", "60"), row("Technique", "30"), row("", ""), row("Prix", "100", 2)];
    expect(weightSums(rows)).toEqual([
      { lot_number: null, total: 90 },
      { lot_number: 2, total: 100 },
    ]);
  });

  it("says the sum is not 100, per scope, at 99 and 101", () => {
    expect(criteriaProblems([row("Prix", "60"), row("Technique", "39")])).toEqual([
      "Les pondérations des critères de la consultation totalisent 99 % au lieu de 100 % (R.2152-12).",
    ]);
    expect(criteriaProblems([row("Prix", "61"), row("Technique", "40", 1)])).toHaveLength(2);
    expect(criteriaProblems([row("Prix", "60"), row("Technique", "41", null)])[0]).toContain("101 %");
  });

  it("accepts 60/40 and builds the payload", () => {
    const rows = [row(" Prix ", "60"), row("Valeur technique", "40"), row("", "")];
    expect(criteriaProblems(rows)).toEqual([]);
    expect(criteriaPayload(rows)).toEqual([
      { name: "Prix", weight: 60 },
      { name: "Valeur technique", weight: 40 },
    ]);
    expect(criteriaPayload([row("Prix", "100", 3)])).toEqual([{ name: "Prix", weight: 100, lot_number: 3 }]);
  });

  it("refuses no criterion, a missing name, a duplicate in the same scope", () => {
    expect(criteriaProblems([row("", "")])).toEqual(["Ajoutez au moins un critère."]);
    expect(criteriaProblems([row("", "100")])).toContain("Chaque critère a un intitulé.");
    expect(criteriaProblems([row("Prix", "50"), row("prix", "50")])).toContain("Le critère « prix » est en double.");
    expect(criteriaProblems([row("Prix", "100", 1), row("Prix", "100", 2)])).toEqual([]);
  });
});
