import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { actLinks, actsApi, submitAccountingFile } from "../../api/acts";
import { fieldError } from "../../api/errors";
import { useAuth } from "../../auth/AuthContext";
import { ErrorSummary, SelectField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { ParisTime, UploadProgress } from "../../tenders/components";
import { bodiesWith } from "./common";

const STATUS: Record<string, string> = {
  waiting: "En attente de transmission",
  transmitted: "Transmis",
  acknowledged: "Acquitté",
  refused: "Refusé",
  error: "En erreur",
};
const KIND: Record<string, string> = {
  budget: "Budget",
  recette: "Recettes",
  depense: "Dépenses",
  mixte: "Recettes et dépenses",
};

/** PES V2 files sent to the Treasury (Hélios), and what the accountant answered. */
export function AccountingPage() {
  const { me } = useAuth();
  const bodies = bodiesWith(me, "accountant");
  const [state, reload] = useLoad("accounting", () => actsApi.accountingFiles({}));
  const [collectivite, setCollectivite] = useState(String(bodies[0]?.id ?? ""));
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const pending = state.data?.results.some((row) => ["waiting", "transmitted"].includes(row.status));
  useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setTimeout(reload, 2000);
    return () => window.clearTimeout(timer);
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("collectivite", collectivite);
    form.append("file", file, file.name);
    setPercent(0);
    const ok = await action.run(() => submitAccountingFile(form, { onProgress: setPercent }));
    setPercent(null);
    if (ok) {
      setFile(null);
      if (input.current) input.current.value = "";
      reload();
    }
  }

  return (
    <>
      <PageHeading title="Flux comptables (Hélios)" />
      <p>
        <Link to="/actes">Retour aux actes</Link>
      </p>
      {bodies.length > 0 ? (
        <form className="form" onSubmit={onSubmit}>
          <h2>Déposer un flux PES V2 (PES_Aller)</h2>
          <ErrorSummary error={action.error} />
          <SelectField id="flux-collectivite" label="Collectivité" value={collectivite} onChange={(e) => setCollectivite(e.target.value)}>
            {bodies.map((body) => (
              <option key={body.id} value={body.id}>
                {body.name}
              </option>
            ))}
          </SelectField>
          <div className={fieldError(action.error, "file") ? "field field-invalid" : "field"}>
            <label htmlFor="flux-fichier">Fichier XML</label>
            {fieldError(action.error, "file") && <p className="field-error">{fieldError(action.error, "file")}</p>}
            <input ref={input} id="flux-fichier" type="file" accept=".xml" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          {percent !== null && <UploadProgress id="progression-flux" label="Envoi du flux" percent={percent} />}
          <button type="submit" className="button" disabled={action.busy || !file}>
            Envoyer au comptable
          </button>
        </form>
      ) : (
        <p className="notice notice-info">Seuls les agents des flux comptables déposent des flux.</p>
      )}
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data === undefined ? (
        <Loading />
      ) : (
        <ul className="accounting-files">
          {state.data.results.map((row) => (
            <li key={row.id}>
              <strong>{row.name}</strong> — {KIND[row.kind] ?? row.kind}, {row.collectivite.name},{" "}
              <ParisTime iso={row.submitted_at} /> — <span className={`badge status status-${row.status}`}>{STATUS[row.status]}</span>
              {row.refusal_reason && <p className="notice notice-error">{row.refusal_reason}</p>}
              {row.error_reason && <p className="notice notice-error">{row.error_reason}</p>}{" "}
              <a href={actLinks.accountingFile(row.id)}>Flux</a>
              {row.has_acknowledgement && (
                <>
                  {" · "}
                  <a href={actLinks.accountingAck(row.id)}>Acquittement (PES_ACQUIT)</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
