import type { Props } from "./types";

/** Lots without an award yet: lots are awarded together or one by one. */
export function lotsToAward(tender: Props["tender"]) {
  const awarded = new Set(tender.awards.map((award) => award.lot_number));
  return tender.lots.filter((lot) => !awarded.has(lot.number));
}
