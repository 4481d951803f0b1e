import { bidsApi } from "../../../api/bids";
import type { TenderDetail } from "../../../api/tenders";
import { useLoad } from "../../../hooks";
import { plural } from "../../../text";

/** Before opening, the buyer knows how many bids arrived, never who sent them. */
export function SealedCount({ tender }: { tender: TenderDetail }) {
  const [state] = useLoad(`bid-count-${tender.id}-${tender.status}`, () => bidsApi().count(tender.id));
  if (!state.data) return null;
  const { bids, companies } = state.data;
  return (
    <p>
      <strong>{plural(bids, "pli reçu", "plis reçus")}</strong> ({plural(companies, "entreprise")}),
      scellé{bids > 1 ? "s" : ""} jusqu'à l'ouverture.
    </p>
  );
}
