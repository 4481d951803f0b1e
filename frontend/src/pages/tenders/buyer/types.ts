import type { TenderDetail } from "../../../api/tenders";

/** What each of the buyer's actions gets: the tender, and a callback to reload it. */
export interface Props {
  tender: TenderDetail;
  onChange(): void;
}
