import { type FormEvent, useState } from "react";
import { type Diff, spacesApi, type VersionDetail } from "../../api/spaces";
import { ErrorSummary, fieldError, TextField } from "../../components/Forms";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { renderPreview, sanitizeHtml } from "../../spaces/markdown";
import { formatDateTime, whoName } from "../../text";
import { DiffView } from "./DiffView";

type Shown =
  | { kind: "version"; version: VersionDetail }
  | { kind: "diff"; number: number; diff: Diff }
  | null;

/** Named versions: save the current text under a label, view one, compare, restore. */
export function VersionsPanel({
  draftId,
  canEdit,
  onRestored,
}: {
  draftId: number;
  canEdit: boolean;
  onRestored(): void;
}) {
  const [versions, reload] = useLoad(`versions:${draftId}`, () => spacesApi.versions(draftId));
  const [label, setLabel] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const save = useAction();
  const act = useAction();

  async function onSave(event: FormEvent) {
    event.preventDefault();
    const ok = await save.run(async () => {
      const version = await spacesApi.saveVersion(draftId, label.trim());
      setMessage(`Version ${version.number} « ${version.label} » enregistrée.`);
    });
    if (ok) {
      setLabel("");
      reload();
    }
  }

  function show(number: number) {
    setMessage(null);
    return act.run(async () => setShown({ kind: "version", version: await spacesApi.version(draftId, number) }));
  }

  function compare(number: number) {
    setMessage(null);
    return act.run(async () =>
      setShown({ kind: "diff", number, diff: await spacesApi.diff(draftId, number, "current") }),
    );
  }

  async function restore(number: number, versionLabel: string) {
    if (!window.confirm(`Restaurer la version ${number} « ${versionLabel} » ? Le texte actuel sera remplacé pour tous les rédacteurs (il reste récupérable s'il a été enregistré comme version).`)) {
      return;
    }
    const ok = await act.run(() => spacesApi.restoreVersion(draftId, number));
    if (ok) {
      setShown(null);
      setMessage(`La version ${number} a été restaurée.`);
      reload();
      onRestored();
    }
  }

  return (
    <section aria-labelledby="versions-titre">
      <h2 id="versions-titre" className="h3">
        Versions
      </h2>
      <div role="status" aria-live="polite">
        {message && <p className="notice notice-success">{message}</p>}
      </div>
      {canEdit && (
        <form className="inline-form" onSubmit={onSave} aria-label="Enregistrer une version">
          <ErrorSummary error={save.error} />
          <TextField
            id="version-libelle"
            label="Libellé de la version"
            hint="Par exemple : « Relu par le service juridique »."
            value={label}
            required
            maxLength={200}
            onChange={(event) => setLabel(event.target.value)}
            error={fieldError(save.error, "label")}
          />
          <button type="submit" className="button" disabled={save.busy || !label.trim()}>
            Enregistrer une version
          </button>
        </form>
      )}
      {act.error && <LoadError error={act.error} />}
      {versions.status === "error" && <LoadError error={versions.error} />}
      {!versions.data && versions.status === "loading" && <Loading label="Chargement des versions…" />}
      {versions.data && versions.data.length === 0 && <p>Aucune version enregistrée.</p>}
      {versions.data && versions.data.length > 0 && (
        <div className="table-wrapper">
          <table>
            <caption className="visually-hidden">Versions enregistrées</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Libellé</th>
                <th scope="col">Enregistrée</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((version) => (
                <tr key={version.number}>
                  <td>{version.number}</td>
                  <th scope="row">{version.label}</th>
                  <td>
                    {formatDateTime(version.created_at)}
                    <span className="meta block">{whoName(version.created_by)}</span>
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="button button-small button-secondary" disabled={act.busy} onClick={() => void show(version.number)}>
                        Afficher<span className="visually-hidden"> la version {version.number}</span>
                      </button>
                      <button type="button" className="button button-small button-secondary" disabled={act.busy} onClick={() => void compare(version.number)}>
                        Comparer au texte actuel<span className="visually-hidden"> (version {version.number})</span>
                      </button>
                      {canEdit && (
                        <button type="button" className="button button-small button-danger" disabled={act.busy} onClick={() => void restore(version.number, version.label)}>
                          Restaurer<span className="visually-hidden"> la version {version.number}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown?.kind === "version" && (
        <section className="version-view" aria-labelledby="version-vue">
          <h3 id="version-vue">
            Version {shown.version.number} — {shown.version.label}
          </h3>
          <div className="preview" dangerouslySetInnerHTML={{
              __html: shown.version.html ? sanitizeHtml(shown.version.html) : renderPreview(shown.version.markdown),
            }} />
          <button type="button" className="button button-small button-secondary" onClick={() => setShown(null)}>
            Fermer
          </button>
        </section>
      )}
      {shown?.kind === "diff" && (
        <section className="version-view" aria-labelledby="diff-vue">
          <h3 id="diff-vue">Différences entre la version {shown.number} et le texte actuel</h3>
          <DiffView diff={shown.diff} caption={`De la version ${shown.number} au texte actuel`} />
          <button type="button" className="button button-small button-secondary" onClick={() => setShown(null)}>
            Fermer
          </button>
        </section>
      )}
    </section>
  );
}
