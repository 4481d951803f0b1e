import { useState } from "react";
import { type Clause, clausesApi, type DraftClause } from "../../api/training";
import { ErrorSummary } from "../../components/Forms";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useDebounced, useLoad } from "../../hooks";
import type { CollabSession } from "../../spaces/useCollab";
import { formatDateTime, whoName } from "../../text";
import "../training/training.css";
import { DiffView } from "./DiffView";

/**
 * The clause picker and the provenance of the clauses in the draft. Inserting is a Yjs edit at
 * the cursor (so the other editors see it live, as any typing); the provenance record — which
 * clause, which published revision — is then written through REST (docs/decisions/0018).
 */
export function ClausesPanel({
  draftId,
  canEdit,
  session,
  cursor,
}: {
  draftId: number;
  canEdit: boolean;
  session: CollabSession | null;
  cursor: number;
}) {
  const [query, setQuery] = useState("");
  const debounced = useDebounced(query, 250);
  const [clauses] = useLoad(`clauses:${debounced}`, () => clausesApi.list(debounced));
  const [provenance, reloadProvenance] = useLoad(`draft-clauses:${draftId}`, () => clausesApi.ofDraft(draftId));
  const [previewed, setPreviewed] = useState<Clause | null>(null);
  const { busy, error, run } = useAction();

  async function insert(clause: Clause) {
    if (!session) return;
    const ok = await run(async () => {
      const text = session.text;
      const at = Math.min(Math.max(cursor, 0), text.length);
      const before = at > 0 && text.toString()[at - 1] !== "\n" ? "\n\n" : "";
      text.insert(at, `${before}${clause.text.trimEnd()}\n`);
      await clausesApi.record(draftId, clause.id, clause.revision_id ?? null);
    });
    if (ok) reloadProvenance();
  }

  return (
    <div className="clauses-panel">
      {canEdit && (
        <section className="clause-picker" aria-labelledby="clauses-bibliotheque">
          <h3 id="clauses-bibliotheque">Insérer une clause type</h3>
          <label htmlFor="clause-recherche">Rechercher une clause</label>
          <input
            id="clause-recherche"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="variantes, pénalités, RGPD…"
          />
          <ErrorSummary error={error} />
          {clauses.status === "error" && <LoadError error={clauses.error} />}
          {!clauses.data && clauses.status === "loading" && <Loading />}
          {clauses.data && (
            <ul aria-label="Clauses types">
              {clauses.data.map((clause) => (
                <li key={clause.id}>
                  <strong>{clause.title}</strong> <code>{clause.reference}</code>
                  <p className="hint">{clause.summary}</p>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-expanded={previewed?.id === clause.id}
                    onClick={() => setPreviewed(previewed?.id === clause.id ? null : clause)}
                  >
                    Aperçu
                  </button>{" "}
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy || !session}
                    onClick={() => insert(clause)}
                  >
                    Insérer « {clause.title} » au curseur
                  </button>
                  {previewed?.id === clause.id && <pre className="clause-preview">{clause.text}</pre>}
                </li>
              ))}
              {clauses.data.length === 0 && <li>Aucune clause ne correspond.</li>}
            </ul>
          )}
        </section>
      )}
      <section className="provenance" aria-labelledby="clauses-provenance">
        <h3 id="clauses-provenance">Clauses insérées dans ce brouillon</h3>
        {provenance.status === "error" && <LoadError error={provenance.error} />}
        {provenance.data && provenance.data.length === 0 && <p>Aucune clause type insérée pour l'instant.</p>}
        {provenance.data && provenance.data.length > 0 && (
          <ul aria-label="Provenance des clauses" data-testid="provenance">
            {provenance.data.map((entry) => (
              <ProvenanceEntry key={entry.id} entry={entry} />
            ))}
          </ul>
        )}
        <button type="button" className="button button-small button-secondary" onClick={reloadProvenance}>
          Actualiser
        </button>
      </section>
    </div>
  );
}

function ProvenanceEntry({ entry }: { entry: DraftClause }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <strong>{entry.title}</strong> <code>{entry.reference}</code>{" "}
      {entry.changed_since && <span className="badge badge-warning">modifiée depuis</span>}
      <br />
      <span className="hint">
        Version {entry.revision_id ?? "?"} insérée par {whoName(entry.inserted_by)} le{" "}
        {formatDateTime(entry.inserted_at)}
        {entry.current_revision_id === null && " — la clause n'est plus disponible dans la base documentaire"}
      </span>
      {entry.changed_since && (
        <>
          <br />
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Masquer les différences" : "Voir les différences avec la version actuelle"}
          </button>
          {open && (
            <DiffView
              caption="Texte inséré → version publiée actuelle"
              diff={{ from: "insérée", to: "actuelle", unified: entry.diff, lines: entry.diff_lines }}
            />
          )}
        </>
      )}
    </li>
  );
}
