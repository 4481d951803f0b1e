import { type FormEvent, useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { type Draft, type DraftStatus, type ExportFormat, spacesApi } from "../../api/spaces";
import { useAuth } from "../../auth/AuthContext";
import { LoadError, Loading } from "../../components/Status";
import { PageHeading } from "../../components/PageHeading";
import { Tabs } from "../../components/Tabs";
import { useAction, useLoad } from "../../hooks";
import { colorFor } from "../../spaces/colors";
import { renderPreview } from "../../spaces/markdown";
import { type CollabSession, CONNECTION_LABELS, useCollab } from "../../spaces/useCollab";
import { DRAFT_STATUS_LABELS, formatDateTime, whoName } from "../../text";
import { NotFoundPage } from "../NotFoundPage";
import { ApprovalsPanel } from "./ApprovalsPanel";
import { ClausesPanel } from "./ClausesPanel";
import { CollabEditor, type Selection } from "./CollabEditor";
import { CommentsPanel } from "./CommentsPanel";
import { VersionsPanel } from "./VersionsPanel";

const EXPORTS: Array<{ format: ExportFormat; label: string }> = [
  { format: "html", label: "HTML" },
  { format: "odt", label: "ODT" },
  { format: "docx", label: "DOCX" },
  { format: "pdf", label: "PDF" },
];

// "approved" is reached through the approvals, not chosen by hand.
const CHOSEN_STATUSES: DraftStatus[] = ["writing", "review", "published"];

/** The draft's text as it is typed (by anyone), for the preview: debounced, not per keystroke. */
function useLiveText(session: CollabSession | null, delayMs = 150): string {
  const [text, setText] = useState("");
  useEffect(() => {
    if (!session) return;
    let timer: number | undefined;
    const update = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setText(session.text.toString()), delayMs);
    };
    setText(session.text.toString());
    session.text.observe(update);
    return () => {
      window.clearTimeout(timer);
      session.text.unobserve(update);
    };
  }, [session, delayMs]);
  return text;
}

function StatusControl({ draft, onChanged }: { draft: Draft; onChanged(): void }) {
  const [status, setStatus] = useState<DraftStatus>(draft.status);
  const { busy, error, run } = useAction();
  useEffect(() => setStatus(draft.status), [draft.status]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => spacesApi.updateDraft(draft.id, { status }))) onChanged();
  }

  return (
    <form className="status-form" onSubmit={onSubmit} aria-label="Statut du brouillon">
      <label htmlFor="statut">Statut</label>
      <select id="statut" value={status} onChange={(event) => setStatus(event.target.value as DraftStatus)}>
        {(draft.status === "approved" ? [...CHOSEN_STATUSES, "approved" as const] : CHOSEN_STATUSES).map((value) => (
          <option key={value} value={value} disabled={value === "approved"}>
            {DRAFT_STATUS_LABELS[value]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-small" disabled={busy || status === draft.status}>
        Changer le statut
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}

function Editor({ draft, onRestored }: { draft: Draft; onRestored(): void }) {
  const { me } = useAuth();
  const user = useMemo(
    () => (me ? { name: me.display_name, ...colorFor(me.id) } : null),
    [me],
  );
  const { session, connection, writeRefused } = useCollab(draft.id, user);
  const text = useLiveText(session);
  const preview = useMemo(() => renderPreview(text), [text]);
  const [selection, setSelection] = useState<Selection>({ text: "", from: 0, to: 0 });
  const [tab, setTab] = useState("commentaires");
  // Rights can change while the page is open (publication, membership): the server says so by
  // refusing our edits, and the editor stops accepting them.
  const readOnly = !draft.can_edit || writeRefused !== null;

  return (
    <>
      <div className="draft-toolbar">
        <p className={`connection connection-${connection}`} role="status" aria-live="polite">
          <span className="connection-dot" aria-hidden="true" />
          <span className="visually-hidden">État de la connexion : </span>
          {CONNECTION_LABELS[connection]}
        </p>
        {draft.can_edit && <StatusControl draft={draft} onChanged={onRestored} />}
        <nav className="exports" aria-label="Exporter le brouillon">
          <span>Exporter :</span>
          <ul>
            {EXPORTS.map(({ format, label }) => (
              <li key={format}>
                <a href={spacesApi.exportUrl(draft.id, format)} download>
                  {label}
                  <span className="visually-hidden"> (texte enregistré)</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {!draft.can_edit && (
        <div className="notice notice-info" role="note">
          <p>
            <strong>Lecture seule.</strong> Votre collectivité est lectrice de cet espace : vous suivez
            les modifications en direct, et vous pouvez commenter, mais pas modifier le texte.
          </p>
        </div>
      )}
      {draft.can_edit && writeRefused !== null && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>Lecture seule.</strong> Le brouillon a été publié ou vos droits sur cet espace ont
            changé : vos dernières modifications n'ont pas été enregistrées. Rechargez la page pour
            retrouver le texte enregistré et vos droits actuels.
          </p>
        </div>
      )}
      <div className="draft-workspace">
        <section className="draft-pane" aria-labelledby="editeur-titre">
          <h2 id="editeur-titre" className="h3">
            Texte {readOnly && <span className="badge">lecture seule</span>}
          </h2>
          {session ? (
            <CollabEditor session={session} readOnly={readOnly} labelledBy="editeur-titre" onSelection={setSelection} />
          ) : (
            <Loading label="Ouverture de l'éditeur…" />
          )}
        </section>
        <section className="draft-pane" aria-labelledby="apercu-titre">
          <h2 id="apercu-titre" className="h3">
            Aperçu
          </h2>
          <div className="preview" data-testid="apercu" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      </div>
      <Tabs
        label="Outils du brouillon"
        selected={tab}
        onSelect={(id) => {
          setTab(id);
          onRestored(); // refresh approvals and status when switching panels
        }}
        tabs={[
          { id: "commentaires", label: "Commentaires", panel: <CommentsPanel draftId={draft.id} selection={selection} /> },
          {
            id: "versions",
            label: "Versions",
            panel: <VersionsPanel draftId={draft.id} canEdit={draft.can_edit} onRestored={onRestored} />,
          },
          {
            id: "clauses",
            label: "Clauses types",
            panel: <ClausesPanel draftId={draft.id} canEdit={!readOnly} session={session} cursor={selection.to} />,
          },
          {
            id: "approbations",
            label: "Approbations",
            panel: (
              <ApprovalsPanel
                draft={draft}
                readText={() => session?.text.toString() ?? draft.markdown}
                onChanged={onRestored}
              />
            ),
          },
        ]}
      />
    </>
  );
}

export function DraftPage() {
  const id = Number(useParams().id);
  const [draft, reload] = useLoad(`draft:${id}`, () => spacesApi.draft(id));

  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (draft.status === "error" && draft.error.is("not_found")) return <NotFoundPage />;
  const data = draft.data;

  return (
    <>
      {data && (
        <p className="breadcrumb">
          <Link to={`/espaces/${data.space}`}>← {data.space_title}</Link>
        </p>
      )}
      <PageHeading title={data?.title ?? "Brouillon"} />
      {draft.status === "error" && <LoadError error={draft.error} />}
      {!data && draft.status === "loading" && <Loading />}
      {data && (
        <>
          <p className="meta">
            <span className={`status-badge status-${data.status}`}>{DRAFT_STATUS_LABELS[data.status]}</span> ·
            modifié le {formatDateTime(data.updated_at)} par {whoName(data.updated_by)}
          </p>
          <Editor draft={data} onRestored={reload} />
        </>
      )}
    </>
  );
}
