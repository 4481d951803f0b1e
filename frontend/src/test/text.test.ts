import { describe, expect, it } from "vitest";
import { capabilitiesLabel, formatDate, plural } from "../text";

describe("French text helpers", () => {
  it("pluralises the French way (0 and 1 are singular)", () => {
    expect(plural(0, "collectivité")).toBe("0 collectivité");
    expect(plural(1, "collectivité")).toBe("1 collectivité");
    expect(plural(12, "collectivité")).toBe("12 collectivités");
  });

  it("formats calendar dates without shifting the day", () => {
    expect(formatDate("2008-01-15")).toBe("15 janvier 2008");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("names capabilities", () => {
    expect(capabilitiesLabel([])).toBe("Aucune");
    expect(capabilitiesLabel(["buyer", "act_officer"])).toBe("Acheteur, Télétransmission des actes");
  });
});
