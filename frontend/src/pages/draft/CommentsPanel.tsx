import { type FormEvent, useState } from "react";
import { type Comment, spacesApi } from "../../api/spaces";
import type { Selection } from "./CollabEditor";
import { ErrorSummary, fieldError } from "../../components/Forms";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { type Thread, threads } from "../../spaces/comments";
import { formatDateTime, plural, whoName } from "../../text";

const QUOTE_LIMIT = 5000; // the API's limit

function CommentBody({ comment }: { comment: Comment }) {
  return (
    <>
      <p className="comment-meta">
        <strong>{comment.author.display_name}</strong>{" "}
        <time dateTime={comment.created_at}>{formatDateTime(comment.created_at)}</time>
      </p>
      <p className="comment-body">{comment.body}</p>
    </>
  );
}

function CommentForm({
  id,
  label,
  submitLabel,
  onSubmit,
}: {
  id: string;
  label: string;
  submitLabel: string;
  onSubmit(body: string): Promise<unknown>;
}) {
  const [body, setBody] = useState("");
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => onSubmit(body.trim()))) setBody("");
  }
  const problem = fieldError(error, "body");
  return (
    <form className="comment-form" onSubmit={submit}>
      <ErrorSummary error={error} />
      <div className={problem ? "field field-invalid" : "field"}>
        <label htmlFor={id}>{label}</label>
        {problem && (
          <p className="field-error" id={`${id}-error`}>
            {problem}
          </p>
        )}
        <textarea
          id={id}
          rows={3}
          value={body}
          required
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(event) => setBody(event.target.value)}
        />
      </div>
      <button type="submit" className="button button-small" disabled={busy || !body.trim()}>
        {submitLabel}
      </button>
    </form>
  );
}

function ThreadItem({ draftId, thread, onChanged }: { draftId: number; thread: Thread; onChanged(): void }) {
  const [replying, setReplying] = useState(false);
  const { busy, error, run } = useAction();
  const { root } = thread;

  async function toggleResolved() {
    const ok = await run(() => (thread.resolved ? spacesApi.reopen(draftId, root.id) : spacesApi.resolve(draftId, root.id)));
    if (ok) onChanged();
  }

  return (
    <li className={thread.resolved ? "comment-thread comment-resolved" : "comment-thread"}>
      <article aria-label={`Commentaire de ${root.author.display_name}`}>
        {root.quote && (
          <blockquote className="comment-quote">
            <span className="visually-hidden">Passage cité : </span>
            {root.quote}
          </blockquote>
        )}
        <CommentBody comment={root} />
        {thread.replies.length > 0 && (
          <ol className="comment-replies" aria-label={plural(thread.replies.length, "réponse")}>
            {thread.replies.map((reply) => (
              <li key={reply.id}>
                <CommentBody comment={reply} />
              </li>
            ))}
          </ol>
        )}
        {thread.resolved && (
          <p className="meta">
            Résolu {root.resolved_by ? `par ${whoName(root.resolved_by)} ` : ""}le {formatDateTime(root.resolved_at)}
          </p>
        )}
        <div className="row-actions">
          {!thread.resolved && (
            <button type="button" className="button button-small button-secondary" aria-expanded={replying} onClick={() => setReplying(!replying)}>
              Répondre
            </button>
          )}
          <button type="button" className="button button-small button-secondary" disabled={busy} onClick={() => void toggleResolved()}>
            {thread.resolved ? "Rouvrir" : "Marquer comme résolu"}
          </button>
        </div>
        {error && <LoadError error={error} />}
        {replying && (
          <CommentForm
            id={`reponse-${root.id}`}
            label="Votre réponse"
            submitLabel="Envoyer la réponse"
            onSubmit={async (body) => {
              await spacesApi.comment(draftId, { body, parent: root.id });
              setReplying(false);
              onChanged();
            }}
          />
        )}
      </article>
    </li>
  );
}

/** Threads of comments, each about a quoted passage (the editor's selection when written). */
export function CommentsPanel({ draftId, selection }: { draftId: number; selection: Selection }) {
  const [comments, reload] = useLoad(`comments:${draftId}`, () => spacesApi.comments(draftId));
  const [showResolved, setShowResolved] = useState(false);
  const quote = selection.text.slice(0, QUOTE_LIMIT);
  const all = comments.data ? threads(comments.data) : [];
  const open = all.filter((thread) => !thread.resolved);
  const resolved = all.filter((thread) => thread.resolved);
  const listed = showResolved ? all : open;

  return (
    <section aria-labelledby="commentaires-titre">
      <h2 id="commentaires-titre" className="h3">
        Commentaires
      </h2>
      <div className="new-comment">
        {quote.trim() ? (
          <blockquote className="comment-quote" aria-label="Passage sélectionné, qui sera cité">
            {quote}
          </blockquote>
        ) : (
          <p className="hint">Sélectionnez un passage dans l'éditeur pour le citer dans votre commentaire.</p>
        )}
        <CommentForm
          id="nouveau-commentaire"
          label="Nouveau commentaire"
          submitLabel={quote.trim() ? "Commenter la sélection" : "Commenter"}
          onSubmit={async (body) => {
            await spacesApi.comment(
              draftId,
              quote.trim()
                ? { body, quote, quote_start: selection.from, quote_end: selection.from + quote.length }
                : { body },
            );
            reload();
          }}
        />
      </div>
      {comments.status === "error" && <LoadError error={comments.error} />}
      {!comments.data && comments.status === "loading" && <Loading label="Chargement des commentaires…" />}
      {comments.data && (
        <>
          <p className="meta">
            {plural(open.length, "fil ouvert", "fils ouverts")}, {plural(resolved.length, "résolu")}.{" "}
            {resolved.length > 0 && (
              <button type="button" className="link-button" aria-pressed={showResolved} onClick={() => setShowResolved(!showResolved)}>
                Afficher les fils résolus
              </button>
            )}
          </p>
          {listed.length > 0 && (
            <ul className="comment-threads">
              {listed.map((thread) => (
                <ThreadItem key={thread.root.id} draftId={draftId} thread={thread} onChanged={reload} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
