import { type FormEvent, useRef, useState } from "react";
import { bidLinks, bidsApi, type MyBid, type ReceiptBid, receiptNumber } from "../../api/bids";
import type { TenderDetail } from "../../api/tenders";
import { ErrorSummary } from "../../components/Forms";
import { useAction, useLoad } from "../../hooks";
import { plural } from "../../text";
import { ParisTime, Section, UploadProgress } from "../../tenders/components";
import { formatBytes, isFuture } from "../../tenders/format";

/** A receipt (accusé de réception): what the server stored, with each file's SHA-256. */
export function Receipt({ bid, headingLevel = 3 }: { bid: ReceiptBid; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="receipt">
      <Heading>
        Accusé de réception {receiptNumber(bid)}
        {bid.lot ? ` — lot ${bid.lot.number}` : ""}
        {bid.is_current === false && " (remplacé par un dépôt ultérieur)"}
      </Heading>
      <p>
        Pli reçu le <ParisTime iso={bid.submitted_at} />
        {bid.company && (
          <>
            {" "}
            de {bid.company.name} (SIRET {bid.company.siret})
          </>
        )}
        .
      </p>
      <div className="table-wrapper">
        <table>
          <caption>Fichiers du pli n° {bid.id}</caption>
          <thead>
            <tr>
              <th scope="col">Fichier</th>
              <th scope="col">Taille</th>
              <th scope="col">Empreinte SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {bid.files.map((file) => (
              <tr key={file.sha256 + file.name}>
                <th scope="row">{file.name}</th>
                <td>{formatBytes(file.size)}</td>
                <td>
                  <code className="hash">{file.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="receipt-links">
        <a href={bidLinks.receiptPdf(bid.id)} download>
          Télécharger l'accusé de réception (PDF)
          <span className="visually-hidden"> du pli n° {bid.id}</span>
        </a>{" "}
        ·{" "}
        <a href={bidLinks.receiptJson(bid.id)} download>
          Accusé de réception (JSON)
          <span className="visually-hidden"> du pli n° {bid.id}</span>
        </a>
      </p>
    </div>
  );
}

export function BidSection({ tender }: { tender: TenderDetail }) {
  const [files, setFiles] = useState<File[]>([]);
  const [lot, setLot] = useState("");
  const [percent, setPercent] = useState<number | null>(null);
  const [receipt, setReceipt] = useState<MyBid | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const [mine, reload] = useLoad(`my-bids-${tender.id}`, () => bidsApi().mine(tender.id));
  const open = tender.status === "published" && isFuture(tender.response_deadline);
  const previous = mine.data ?? [];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setReceipt(null);
    setPercent(0);
    let bid: MyBid | null = null;
    const ok = await action.run(async () => {
      bid = await bidsApi().submit(tender.id, files, lot ? Number(lot) : null, setPercent);
    });
    if (ok && bid) {
      setReceipt(bid);
      setFiles([]);
      if (input.current) input.current.value = "";
      reload();
      window.requestAnimationFrame(() => document.getElementById("accuse")?.focus());
    }
  }

  return (
    <Section id="depot" title="Déposer une offre">
      {open ? (
        <form className="form" onSubmit={onSubmit}>
          <p>
            Date limite : <ParisTime iso={tender.response_deadline} />. L'horloge du serveur fait
            foi : un pli reçu après la date limite est refusé. Un nouveau dépôt remplace le
            précédent (les deux sont conservés, le dernier compte). La signature électronique est
            facultative.
          </p>
          <ErrorSummary error={action.error} />
          {tender.lots.length > 0 && (
            <div className="field">
              <label htmlFor="lot">Lot</label>
              <select id="lot" value={lot} onChange={(event) => setLot(event.target.value)}>
                <option value="">Tous les lots / sans lot</option>
                {tender.lots.map((item) => (
                  <option key={item.number} value={item.number}>
                    Lot {item.number} — {item.title}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="fichiers-offre">Fichiers de l'offre</label>
            <p className="hint" id="fichiers-offre-hint">
              Un ou plusieurs fichiers (PDF, bureautique, archives).
            </p>
            <input
              ref={input}
              id="fichiers-offre"
              type="file"
              multiple
              required
              aria-describedby="fichiers-offre-hint"
              onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
            />
          </div>
          {files.length > 0 && (
            <p className="meta">
              {plural(files.length, "fichier")} sélectionné{files.length > 1 ? "s" : ""} —{" "}
              {formatBytes(files.reduce((total, file) => total + file.size, 0))}
            </p>
          )}
          {percent !== null && (
            <UploadProgress id="progression-offre" label="Envoi du pli" percent={percent} />
          )}
          <button type="submit" className="button" disabled={action.busy || files.length === 0}>
            {action.busy ? "Envoi en cours…" : "Déposer mon offre"}
          </button>
        </form>
      ) : (
        <p>Le dépôt des offres est clos (date limite : <ParisTime iso={tender.response_deadline} />).</p>
      )}
      {receipt && (
        <div id="accuse" tabIndex={-1} className="notice notice-success">
          <p>
            <strong>Votre pli a bien été reçu.</strong> Conservez l'accusé de réception.
          </p>
          <Receipt bid={receipt} />
        </div>
      )}
      {previous.length > 0 && (
        <details className="previous-bids">
          <summary>Mes dépôts pour cette consultation ({previous.length})</summary>
          {previous.map((bid) => (
            <Receipt key={bid.id} bid={bid} headingLevel={4} />
          ))}
        </details>
      )}
    </Section>
  );
}
