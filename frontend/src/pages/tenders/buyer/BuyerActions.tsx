import { useState } from "react";
import { Link } from "react-router-dom";
import { tendersApi } from "../../../api/tenders";
import { ErrorSummary } from "../../../components/Forms";
import { useAction } from "../../../hooks";
import { ParisTime, Section, SuccessNotice } from "../../../tenders/components";
import { isFuture } from "../../../tenders/format";
import { AnalysisGrid } from "./AnalysisGrid";
import { AwardForm } from "./AwardForm";
import { AwardSteps } from "./AwardSteps";
import { CriteriaEditor } from "./CriteriaEditor";
import { DocumentRows } from "./DocumentRows";
import { DocumentUpload } from "./DocumentUpload";
import { DownloadRegister } from "./DownloadRegister";
import { lotsToAward } from "./lots";
import { NoticesPanel } from "./NoticesPanel";
import { OpenedBids } from "./OpenedBids";
import { ReasonForm } from "./ReasonForm";
import { SealedCount } from "./SealedCount";
import type { Props } from "./types";
import { UnsuccessfulBlock } from "./UnsuccessfulBlock";

/**
 * The buyer's side of a tender page: the DCE, publication, opening, award, cancellation. Each
 * action is its own module in this folder; this one shows those the tender's status allows.
 */
export function BuyerActions({ tender, onChange }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  const publish = useAction();
  const openAction = useAction();
  // A two-phase procedure has no offers' deadline before its invitations (tendb).
  const deadlinePassed = tender.response_deadline != null && !isFuture(tender.response_deadline);
  const done = (text: string) => {
    setMessage(text);
    onChange();
  };
  const editable = tender.status === "draft" || tender.status === "published";
  const canOpen = tender.status === "closed" || (tender.status === "published" && deadlinePassed);
  const active = ["draft", "published", "closed", "opened"].includes(tender.status ?? "");
  const opened = ["opened", "awarded", "unsuccessful"].includes(tender.status ?? "");

  return (
    <Section id="acheteur" title="Gestion de la consultation">
      <SuccessNotice message={message} />
      {editable && (
        <p>
          <Link className="button button-secondary" to={`/marches/${tender.id}/modifier`}>
            Modifier la consultation
          </Link>
        </p>
      )}
      {editable && (
        <>
          <DocumentRows tender={tender} onChange={onChange} />
          <DocumentUpload tender={tender} onDone={done} />
        </>
      )}
      {["draft", "published", "closed"].includes(tender.status ?? "") && <CriteriaEditor tender={tender} />}
      {tender.status === "draft" && (
        <div className="action-block">
          <h3>Publication</h3>
          <p>
            Publier exige une date limite de remise des offres future, une date limite des
            questions qui la précède et au moins une pièce au DCE.
          </p>
          <ErrorSummary error={publish.error} />
          <button
            type="button"
            className="button"
            disabled={publish.busy}
            onClick={async () => {
              if (await publish.run(() => tendersApi().publish(tender.id))) done("Consultation publiée.");
            }}
          >
            Publier la consultation
          </button>
        </div>
      )}
      {tender.status === "published" && !deadlinePassed && (
        <p>
          Les plis restent scellés jusqu'à la date limite (<ParisTime iso={tender.response_deadline} />
          ) : personne ne peut les lire avant.
        </p>
      )}
      {(tender.status === "published" || tender.status === "closed") && <SealedCount tender={tender} />}
      {canOpen && (
        <div className="action-block">
          <h3>Ouverture des plis</h3>
          <p>La date limite est passée : les plis peuvent être ouverts. L'ouverture est journalisée.</p>
          <ErrorSummary error={openAction.error} />
          <button
            type="button"
            className="button"
            disabled={openAction.busy}
            onClick={async () => {
              if (await openAction.run(() => tendersApi().open(tender.id))) done("Plis ouverts.");
            }}
          >
            Ouvrir les plis
          </button>
        </div>
      )}
      {opened && (
        <div className="action-block">
          <h3>Plis reçus</h3>
          <OpenedBids tender={tender} />
        </div>
      )}
      {(tender.status === "opened" || tender.status === "awarded") && <AnalysisGrid tender={tender} />}
      {tender.status === "awarded" && <AwardSteps tender={tender} />}
      {tender.status === "opened" && (
        <>
          <AwardForm tender={tender} onChange={() => done("Consultation attribuée.")} />
          <UnsuccessfulBlock tender={tender} done={done} />
        </>
      )}
      {tender.status === "awarded" && lotsToAward(tender).length > 0 && (
        <AwardForm tender={tender} onChange={() => done("Lot attribué.")} />
      )}
      {tender.status === "closed" && (
        <UnsuccessfulBlock tender={tender} done={done} />
      )}
      {active && (
        <details className="action-block">
          <summary>Annuler la consultation</summary>
          <ReasonForm
            id="motif-annulation"
            label="Motif de l'annulation (obligatoire, communiqué aux entreprises)"
            button="Annuler la consultation"
            required
            run={async (reason) => {
              await tendersApi().cancel(tender.id, reason);
              done("Consultation annulée.");
            }}
          />
        </details>
      )}
      {tender.status !== "draft" && <DownloadRegister tender={tender} />}
      {tender.status !== "draft" && <NoticesPanel tender={tender} onChange={onChange} />}
    </Section>
  );
}
