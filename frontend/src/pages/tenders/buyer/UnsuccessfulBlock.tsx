import { type TenderDetail, tendersApi } from "../../../api/tenders";
import { ReasonForm } from "./ReasonForm";

/** Closed or opened with no acceptable bid: the buyer ends the consultation without award. */
export function UnsuccessfulBlock({ tender, done }: { tender: TenderDetail; done(message: string): void }) {
  return (
    <div className="action-block">
      <h3>Déclarer infructueuse</h3>
      <ReasonForm
        id="motif-infructueux"
        label="Motif (facultatif)"
        button="Déclarer la consultation infructueuse"
        required={false}
        run={async (reason) => {
          await tendersApi().unsuccessful(tender.id, reason);
          done("Consultation déclarée infructueuse.");
        }}
      />
    </div>
  );
}
