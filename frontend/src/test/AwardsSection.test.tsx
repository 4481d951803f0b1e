import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TenderDetail } from "../api/tenders";
import { AwardsSection } from "../pages/tenders/AwardsSection";

const recorded = {
  lot_number: 1,
  amount: "1890000.50",
  notification_date: "2026-05-04",
  companies: [{ siret: "45000007000018", name: "Armor Toitures" }],
  duration_months: 36,
  price_form: "Unitaire",
  price_types: ["Définitif actualisable", "Définitif révisable"],
  ccag: "Fournitures courantes et services",
  techniques: ["Accord-cadre"],
  execution_terms: ["Bons de commande"],
  innovative: false,
  subcontracting_declared: true,
  advance_granted: true,
  advance_rate: "0.0500",
  social_considerations: ["Clause sociale"],
  environmental_considerations: ["Critère environnemental"],
  grouping_type: "Pas de groupement",
};
// Recorded before the contract data were asked for: every one of them is null.
const older = {
  ...recorded,
  lot_number: 2,
  ...Object.fromEntries(
    Object.keys(recorded)
      .filter((key) => !["lot_number", "amount", "notification_date", "companies"].includes(key))
      .map((key) => [key, null]),
  ),
};

const tender = {
  lots: [
    { number: 1, title: "Bâtiments" },
    { number: 2, title: "Éclairage public" },
  ],
  awards: [recorded, older],
} as unknown as TenderDetail;

describe("AwardsSection", () => {
  it("shows the contract data as recorded, and says when there are none", () => {
    render(<AwardsSection tender={tender} />);
    const section = screen.getByRole("region", { name: "Attribution" });
    const [first, second] = within(section).getAllByRole("heading", { level: 3 });
    expect(first).toHaveTextContent("Lot 1 — Bâtiments");
    expect(second).toHaveTextContent("Lot 2 — Éclairage public");
    expect(section).toHaveTextContent("36 mois");
    expect(section).toHaveTextContent("Définitif actualisable, Définitif révisable");
    expect(section).toHaveTextContent(/Oui, 5\s%/);
    expect(section).toHaveTextContent("Non renseignées");
    expect(section.textContent?.match(/mois/g)).toHaveLength(1); // nothing made up for lot 2
  });

  it("is absent before the award", () => {
    const { container } = render(<AwardsSection tender={{ ...tender, awards: [] }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
