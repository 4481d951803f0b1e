import { bidLinks, bidsApi } from "../../../api/bids";
import type { TenderDetail } from "../../../api/tenders";
import { LoadError } from "../../../components/Status";
import { useLoad } from "../../../hooks";
import { ParisTime } from "../../../tenders/components";
import { formatBytes } from "../../../tenders/format";
import { integrityLabel, signatureLabel } from "../../../tenders/labels";

/** Once opened, who sent what: each bid's company, lot, time and files. */
export function OpenedBids({ tender }: { tender: TenderDetail }) {
  const [state] = useLoad(`bids-${tender.id}-${tender.status}`, () => bidsApi().forTender(tender.id));
  if (state.status === "error") return <LoadError error={state.error} />;
  const bids = state.data;
  if (!bids) return <p className="loading">Chargement des plis…</p>;
  if (bids.length === 0) return <p>Aucun pli reçu.</p>;
  return (
    <div className="table-wrapper">
      <table>
        <caption>Plis ouverts ({bids.length})</caption>
        <thead>
          <tr>
            <th scope="col">Entreprise</th>
            <th scope="col">Lot</th>
            <th scope="col">Reçu le</th>
            <th scope="col">Fichiers</th>
          </tr>
        </thead>
        <tbody>
          {bids.map((bid) => (
            <tr key={bid.id}>
              <th scope="row">
                {bid.company.name} (SIRET {bid.company.siret})
                {bid.is_current === false && <span className="badge">remplacé</span>}
              </th>
              <td>{bid.lot ? `${bid.lot.number} — ${bid.lot.title}` : "—"}</td>
              <td>
                <ParisTime iso={bid.submitted_at} />
              </td>
              <td>
                <ul className="plain">
                  {bid.files.map((file) => (
                    <li key={file.sha256 + file.name}>
                      <a href={bidLinks.file(tender.id, bid.id, file.id)} download>
                        {file.name}
                      </a>{" "}
                      <span className="meta">
                        {formatBytes(file.size)} · {signatureLabel(file.signature_status)}
                        {integrityLabel(file.signature_integrity) && ` (${integrityLabel(file.signature_integrity)})`}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
