import { useEffect, useState } from "react";
import { type Forum, forumsApi, type Post, type Revision, type TopicDetail } from "../../api/forums";
import type { ApiError } from "../../api/errors";
import { asApiError } from "../../api/errors";
import { LoadError } from "../../components/Status";
import { formatDateTime } from "../../text";
import { ReasonPrompt } from "./ReasonPrompt";

export const SLOW_MODE_CHOICES: Array<[number, string]> = [
  [0, "Désactivé"],
  [30, "30 secondes"],
  [60, "1 minute"],
  [300, "5 minutes"],
  [900, "15 minutes"],
  [3600, "1 heure"],
  [86_400, "1 jour"],
];

export const SILENCE_DURATIONS: Array<[number, string]> = [
  [1, "1 heure"],
  [24, "1 jour"],
  [72, "3 jours"],
  [168, "1 semaine"],
  [720, "30 jours"],
];

/** Move a topic to another forum the moderator moderates (the server checks both ends). */
export function MoveTopicPrompt({ topic, onDone, onCancel }: { topic: TopicDetail; onDone: () => void; onCancel: () => void }) {
  const [forums, setForums] = useState<Forum[] | null>(null);
  const [target, setTarget] = useState<number | "">("");
  useEffect(() => {
    forumsApi()
      .forums()
      .then(
        (page) => setForums(page.results.filter((f) => f.me.can_moderate && f.id !== topic.forum.id)),
        () => setForums([]),
      );
  }, [topic.forum.id]);
  return (
    <ReasonPrompt
      label="Déplacer"
      onCancel={onCancel}
      onConfirm={async (reason) => {
        await forumsApi().moveTopic(topic.id, Number(target), reason);
        onDone();
      }}
    >
      <label>
        Vers le forum
        <select value={target} required onChange={(e) => setTarget(e.target.value ? Number(e.target.value) : "")}>
          <option value="">{forums === null ? "Chargement…" : forums.length ? "— choisir —" : "Aucun autre forum modéré"}</option>
          {forums?.map((forum) => (
            <option key={forum.id} value={forum.id}>
              {forum.title}
            </option>
          ))}
        </select>
      </label>
    </ReasonPrompt>
  );
}

/** Slow mode: the minimum delay between two posts of one person in the topic. */
export function SlowModePrompt({ topic, onDone, onCancel }: { topic: TopicDetail; onDone: () => void; onCancel: () => void }) {
  const [seconds, setSeconds] = useState(topic.slow_mode_seconds ?? 0);
  const choices = SLOW_MODE_CHOICES.some(([value]) => value === seconds)
    ? SLOW_MODE_CHOICES
    : [...SLOW_MODE_CHOICES, [seconds, `${seconds} secondes`] as [number, string]];
  return (
    <ReasonPrompt
      label="Mode lent"
      onCancel={onCancel}
      onConfirm={async (reason) => {
        await forumsApi().slowMode(topic.id, seconds, reason);
        onDone();
      }}
    >
      <label>
        Délai minimum entre deux messages d'une même personne
        <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
          {choices.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </ReasonPrompt>
  );
}

/** Edit a post: the author within the window (reason optional), a moderator after (reason required). */
export function EditPostPrompt({
  post,
  byModerator,
  onDone,
  onCancel,
}: {
  post: Post;
  byModerator: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [body, setBody] = useState(post.body ?? "");
  return (
    <ReasonPrompt
      label="Modifier"
      reasonRequired={byModerator}
      onCancel={onCancel}
      onConfirm={async (reason) => {
        await forumsApi().editPost(post.id, body, reason);
        onDone();
      }}
    >
      <label>
        Texte du message (markdown)
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required rows={6} />
      </label>
    </ReasonPrompt>
  );
}

/** Former texts of a post, newest first (moderators only; the server refuses others). */
export function RevisionList({ postId }: { postId: number }) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    forumsApi()
      .revisions(postId)
      .then(setRevisions, (caught: unknown) => setError(asApiError(caught)));
  }, [postId]);
  if (error) return <LoadError error={error} />;
  if (!revisions) return <p>Chargement…</p>;
  return (
    <section className="post-revisions" aria-label="Historique des modifications">
      <h3>Historique des modifications</h3>
      {revisions.length === 0 ? (
        <p>Aucune modification.</p>
      ) : (
        <ol>
          {revisions.map((revision) => (
            <li key={revision.id}>
              <small>
                Version remplacée le {formatDateTime(revision.edited_at)}
                {revision.edited_by ? ` par ${revision.edited_by.display_name}` : ""}
              </small>
              <pre className="revision-body">{revision.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Silence the author of a post in this forum or (animators) on the whole platform. */
export function SilencePrompt({
  post,
  forumId,
  onDone,
  onCancel,
}: {
  post: Post;
  forumId: number;
  onDone: (until: string) => void;
  onCancel: () => void;
}) {
  const [hours, setHours] = useState(24);
  const [everywhere, setEverywhere] = useState(false);
  return (
    <ReasonPrompt
      label="Réduire au silence"
      onCancel={onCancel}
      onConfirm={async (reason) => {
        const silence = await forumsApi().silence(post.author.id, everywhere ? null : forumId, hours, reason);
        onDone(silence.until);
      }}
    >
      <p>Réduire au silence {post.author.display_name}</p>
      <label>
        Durée
        <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {SILENCE_DURATIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Portée
        <select value={everywhere ? "all" : "forum"} onChange={(e) => setEverywhere(e.target.value === "all")}>
          <option value="forum">Dans ce forum</option>
          <option value="all">Sur toute la plateforme (animateurs)</option>
        </select>
      </label>
    </ReasonPrompt>
  );
}
