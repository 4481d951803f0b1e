import { describe, expect, it } from "vitest";
import {
  type ContractState,
  contractPayload,
  emptyContract,
  exclusiveChoice,
  formatRate,
  percentToRate,
} from "../tenders/contract";

const spaces = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("exclusiveChoice", () => {
  const none = "Sans objet";

  it("keeps the “none” value alone when it is ticked", () => {
    expect(exclusiveChoice(["Tranches", "Bons de commande"], ["Tranches", "Bons de commande", none], none)).toEqual([
      none,
    ]);
  });

  it("drops the “none” value when another is ticked", () => {
    expect(exclusiveChoice([none], [none, "Tranches"], none)).toEqual(["Tranches"]);
  });

  it("leaves plain choices and unticking alone", () => {
    expect(exclusiveChoice(["Tranches"], ["Tranches", "Bons de commande"], none)).toEqual([
      "Tranches",
      "Bons de commande",
    ]);
    expect(exclusiveChoice(["Tranches", "Bons de commande"], ["Tranches"], none)).toEqual(["Tranches"]);
    expect(exclusiveChoice([none], [], none)).toEqual([]);
  });
});

describe("advance rate", () => {
  it("turns a percentage as typed into the API's 0..1 rate", () => {
    expect(percentToRate("5")).toBe("0.0500");
    expect(percentToRate("12,5")).toBe("0.1250");
    expect(percentToRate(" 30 % ")).toBe("0.3000");
    expect(percentToRate("5.55")).toBe("0.0555");
    expect(percentToRate("100")).toBe("1.0000");
  });

  it("sends anything else as typed, for the API to refuse beside the field", () => {
    expect(percentToRate("cinq")).toBe("cinq");
    expect(percentToRate("5,555")).toBe("5,555");
  });

  it("shows a rate as a French percentage", () => {
    expect(spaces(formatRate("0.0500"))).toBe("5 %");
    expect(spaces(formatRate("0.1250"))).toBe("12,5 %");
    expect(formatRate(null)).toBe("");
  });
});

describe("contractPayload", () => {
  const filled: ContractState = {
    duration: "24",
    priceForm: "Mixte",
    priceTypes: ["Définitif révisable"],
    ccag: "Prestations intellectuelles",
    techniques: ["Sans objet"],
    executionTerms: ["Bons de commande"],
    innovative: false,
    subcontracting: true,
    advance: true,
    advancePercent: "10",
    social: ["Pas de considération sociale"],
    environmental: ["Critère environnemental"],
    grouping: "",
  };

  it("sends every answer under the API's names", () => {
    expect(contractPayload(filled, 1)).toEqual({
      duration_months: 24,
      price_form: "Mixte",
      price_types: ["Définitif révisable"],
      ccag: "Prestations intellectuelles",
      techniques: ["Sans objet"],
      execution_terms: ["Bons de commande"],
      innovative: false,
      subcontracting_declared: true,
      advance_granted: true,
      advance_rate: "0.1000",
      social_considerations: ["Pas de considération sociale"],
      environmental_considerations: ["Critère environnemental"],
      grouping_type: "Pas de groupement",
    });
  });

  it("asks the buyer the grouping of several titulaires, and no rate without an advance", () => {
    const payload = contractPayload({ ...filled, advance: false, grouping: "Solidaire" }, 2);
    expect(payload.grouping_type).toBe("Solidaire");
    expect(payload.advance_rate).toBeNull();
    expect(contractPayload(filled, 2).grouping_type).toBeNull();
  });

  it("guesses nothing: unanswered questions go as null or empty", () => {
    const payload = contractPayload(emptyContract(), 1);
    expect(payload.duration_months).toBeNull();
    expect(payload.price_form).toBeNull();
    expect(payload.innovative).toBeNull();
    expect(payload.advance_granted).toBeNull();
    expect(payload.price_types).toEqual([]);
    expect(payload.techniques).toEqual([]);
    expect(payload.social_considerations).toEqual([]);
  });
});
