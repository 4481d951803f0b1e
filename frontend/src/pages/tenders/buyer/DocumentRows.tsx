import { tendersApi } from "../../../api/tenders";
import { ErrorSummary } from "../../../components/Forms";
import { useAction } from "../../../hooks";
import type { Props } from "./types";

/** The DCE's pieces, each removable while the tender is a draft. */
export function DocumentRows({ tender, onChange }: Props) {
  const action = useAction();
  if (tender.status !== "draft" || tender.documents.length === 0) return null;
  return (
    <>
      <ErrorSummary error={action.error} />
      <ul className="documents">
        {tender.documents.map((document) => (
          <li key={document.id}>
            {document.title || document.current_version?.name}{" "}
            <button
              type="button"
              className="button button-small button-secondary"
              disabled={action.busy}
              onClick={async () => {
                if (await action.run(() => tendersApi().deleteDocument(tender.id, document.id))) onChange();
              }}
            >
              Retirer<span className="visually-hidden"> la pièce {document.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
