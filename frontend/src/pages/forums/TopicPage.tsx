import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { forumsApi, type Post, type PostAct, type TopicAct, type TopicDetail, topicSocketUrl } from "../../api/forums";
import type { ApiError } from "../../api/errors";
import { asApiError } from "../../api/errors";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { formatDateTime } from "../../text";
import { useAuth } from "../../auth/AuthContext";
import { EditPostPrompt, MoveTopicPrompt, RevisionList, SilencePrompt, SlowModePrompt } from "./ModerationTools";
import { ReasonPrompt } from "./ReasonPrompt";
import { ReplyEditor } from "./ReplyEditor";
import { ReportDialog } from "./ReportDialog";
import { POST_STATUS_LABELS } from "./labels";

const POST_ACTS: Record<PostAct, string> = {
  hide: "Masquer",
  restore: "Rétablir",
  approve: "Valider",
  delete: "Supprimer",
};

function actsFor(post: Post): PostAct[] {
  switch (post.status) {
    case "published":
      return ["hide", "delete"];
    case "pending":
      return ["approve", "delete"];
    case "hidden":
      return ["restore", "delete"];
    default:
      return ["restore"];
  }
}

/**
 * Nudges from the topic's socket say "post N is new or changed"; the page then fetches through
 * the API (what this reader may see). Posts are fetched again on every (re)connection, since a
 * nudge may be lost: the socket speeds things up, it is never the only way a post arrives.
 */
function useLiveTopic(topicId: number, refresh: (after?: number) => void) {
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: number | undefined;
    let stopped = false;
    function open() {
      socket = new WebSocket(topicSocketUrl(topicId));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data as string) as { type: string };
        if (message.type === "post_new") refresh(-1);
        else if (message.type === "post_changed" || message.type === "ready") refresh();
      };
      socket.onclose = (event) => {
        if (!stopped && event.code !== 4404) retry = window.setTimeout(open, 3000);
      };
    }
    open();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      socket?.close();
    };
  }, [topicId, refresh]);
}

function PostCard({
  post,
  topic,
  isAnswer,
  onChanged,
  onQuote,
}: {
  post: Post;
  topic: TopicDetail;
  isAnswer: boolean;
  onChanged: () => void;
  onQuote: (post: Post) => void;
}) {
  const [acting, setActing] = useState<PostAct | null>(null);
  const [reporting, setReporting] = useState(false);
  const [tool, setTool] = useState<"edit" | "history" | "silence" | null>(null);
  const { me } = useAuth();
  const byModerator = post.author.id !== me?.id;
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function markAnswer() {
    try {
      await forumsApi().markAnswer(topic.id, isAnswer ? null : post.id);
      onChanged();
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <article
      id={`message-${post.id}`}
      className={`forum-post post-${post.status}${isAnswer ? " post-answer" : ""}`}
      aria-label={`Message de ${post.author.display_name}`}
    >
      <header className="post-meta">
        <strong>{post.author.display_name}</strong> · {formatDateTime(post.created_at)}
        {post.edited_at && " · modifié"}
        {isAnswer && <span className="badge badge-answer">Réponse retenue</span>}
        {post.status !== "published" && <span className="badge">{POST_STATUS_LABELS[post.status]}</span>}
        {post.me.open_reports ? <span className="badge">{post.me.open_reports} signalement(s)</span> : null}
      </header>
      {post.status_reason && <p className="post-reason">Motif : {post.status_reason}</p>}
      {post.quote_of && (
        <p className="post-quote">
          En réponse à <a href={`#message-${post.quote_of.id}`}>{post.quote_of.author.display_name}</a>
        </p>
      )}
      <div className="post-body markdown" dangerouslySetInnerHTML={{ __html: post.html }} />
      {post.attachments.length > 0 && (
        <ul className="post-attachments">
          {post.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/api/v1/forums/attachments/${file.id}/`} download={file.name}>
                {file.name}
              </a>{" "}
              <small>({Math.ceil(file.size / 1024)} ko)</small>
            </li>
          ))}
        </ul>
      )}
      {error && <LoadError error={error} />}
      {notice && <p role="status">{notice}</p>}
      <div className="post-actions button-row">
        {topic.me.can_reply && post.status === "published" && (
          <button type="button" className="button button-small button-secondary" onClick={() => onQuote(post)}>
            Citer
          </button>
        )}
        {topic.me.can_answer && !post.is_first && post.status === "published" && (
          <button type="button" className="button button-small button-secondary" onClick={markAnswer}>
            {isAnswer ? "Retirer la réponse retenue" : "Marquer comme réponse"}
          </button>
        )}
        {post.me.can_report && (
          <button type="button" className="button button-small button-secondary" onClick={() => setReporting(true)}>
            Signaler
          </button>
        )}
        {topic.me.can_moderate &&
          actsFor(post).map((act) => (
            <button key={act} type="button" className="button button-small button-secondary" onClick={() => setActing(act)}>
              {POST_ACTS[act]}
            </button>
          ))}
        {post.me.can_edit && (
          <button type="button" className="button button-small button-secondary" onClick={() => setTool("edit")}>
            Modifier
          </button>
        )}
        {topic.me.can_moderate && (
          <button
            type="button"
            className="button button-small button-secondary"
            aria-expanded={tool === "history"}
            onClick={() => setTool(tool === "history" ? null : "history")}
          >
            Historique
          </button>
        )}
        {topic.me.can_moderate && byModerator && (
          <button type="button" className="button button-small button-secondary" onClick={() => setTool("silence")}>
            Réduire l'auteur au silence
          </button>
        )}
      </div>
      {tool === "edit" && (
        <EditPostPrompt
          post={post}
          byModerator={byModerator}
          onCancel={() => setTool(null)}
          onDone={onChanged}
        />
      )}
      {tool === "history" && <RevisionList postId={post.id} />}
      {tool === "silence" && (
        <SilencePrompt
          post={post}
          forumId={topic.forum.id}
          onCancel={() => setTool(null)}
          onDone={(until) =>
            setNotice(`${post.author.display_name} est réduit(e) au silence jusqu'au ${formatDateTime(until)}.`)
          }
        />
      )}
      {reporting && (
        <ReportDialog
          postId={post.id}
          onDone={(sent) => {
            setReporting(false);
            if (sent) {
              setNotice("Merci, votre signalement a été transmis aux modérateurs.");
              onChanged();
            }
          }}
        />
      )}
      {acting && (
        <ReasonPrompt
          label={POST_ACTS[acting]}
          onCancel={() => setActing(null)}
          onConfirm={async (reason) => {
            await forumsApi().moderatePost(post.id, acting, reason);
            onChanged();
          }}
        />
      )}
    </article>
  );
}

const TOPIC_ACTS: Array<{ act: TopicAct; label: string; on?: boolean; show: (t: TopicDetail) => boolean }> = [
  { act: "lock", label: "Verrouiller", on: true, show: (t) => !t.locked },
  { act: "lock", label: "Déverrouiller", on: false, show: (t) => !!t.locked },
  { act: "pin", label: "Épingler", on: true, show: (t) => !t.pinned },
  { act: "pin", label: "Désépingler", on: false, show: (t) => !!t.pinned },
  { act: "close", label: "Clore", show: (t) => !t.is_closed },
  { act: "reopen", label: "Rouvrir", show: (t) => t.is_closed },
];

export function TopicPage() {
  const topicId = Number(useParams().id);
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [posts, setPosts] = useState<Post[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [quote, setQuote] = useState<{ id: number; author: string } | null>(null);
  const [acting, setActing] = useState<(typeof TOPIC_ACTS)[number] | null>(null);
  const [tool, setTool] = useState<"move" | "slow" | null>(null);
  const [subscribing, setSubscribing] = useState(false);

  async function toggleSubscription(current: TopicDetail) {
    setSubscribing(true);
    try {
      await forumsApi().subscribe(current.id, !current.me.subscribed);
      refresh();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSubscribing(false);
    }
  }
  const last = useRef(0);
  const { me } = useAuth();

  const refresh = useCallback(
    (after?: number) => {
      const api = forumsApi();
      const onlyNew = after === -1 && last.current > 0;
      Promise.all([api.topic(topicId), api.posts(topicId, onlyNew ? last.current : undefined)]).then(
        ([freshTopic, fresh]) => {
          setTopic(freshTopic);
          setPosts((current) => {
            const merged = onlyNew && current ? [...current, ...fresh.filter((p) => !current.some((c) => c.id === p.id))] : fresh;
            last.current = merged.reduce((max, p) => Math.max(max, p.id), 0);
            return merged;
          });
        },
        (caught: unknown) => setError(asApiError(caught)),
      );
    },
    [topicId],
  );

  useEffect(() => refresh(), [refresh]);
  useLiveTopic(topicId, refresh);

  if (error) return <LoadError error={error} />;
  if (!topic || !posts) return <Loading />;
  const [first, ...replies] = posts[0]?.is_first ? posts : [undefined, ...posts];
  const answer = replies.find((p) => p?.id === topic.answer_id);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/forums">Forums</Link> › <Link to={`/forums/${topic.forum.id}`}>{topic.forum.title}</Link>
      </p>
      <PageHeading title={topic.title}>
        {topic.title} {topic.pinned && <span className="badge">Épinglé</span>}
        {topic.locked && <span className="badge">Verrouillé</span>}
        {topic.is_closed && <span className="badge">Clos</span>}
      </PageHeading>
      <div className="button-row topic-tools">
        {me && (
          <button
            type="button"
            className="button button-small button-secondary"
            disabled={subscribing}
            onClick={() => void toggleSubscription(topic)}
          >
            {topic.me.subscribed ? "Ne plus suivre ce sujet" : "Suivre ce sujet"}
          </button>
        )}
        {topic.slow_mode_seconds ? (
          <span className="badge">Mode lent : un message toutes les {topic.slow_mode_seconds} s</span>
        ) : null}
      </div>
      {topic.me.can_moderate && (
        <div className="button-row topic-moderation" aria-label="Modération du sujet">
          {TOPIC_ACTS.filter((entry) => entry.show(topic)).map((entry) => (
            <button key={entry.label} type="button" className="button button-small button-secondary" onClick={() => setActing(entry)}>
              {entry.label}
            </button>
          ))}
          <button type="button" className="button button-small button-secondary" onClick={() => setTool("move")}>
            Déplacer
          </button>
          <button type="button" className="button button-small button-secondary" onClick={() => setTool("slow")}>
            Mode lent
          </button>
        </div>
      )}
      {tool === "move" && <MoveTopicPrompt topic={topic} onCancel={() => setTool(null)} onDone={refresh} />}
      {tool === "slow" && <SlowModePrompt topic={topic} onCancel={() => setTool(null)} onDone={refresh} />}
      {acting && (
        <ReasonPrompt
          label={acting.label}
          withConclusion={acting.act === "close"}
          onCancel={() => setActing(null)}
          onConfirm={async (reason, conclusion) => {
            await forumsApi().moderateTopic(topic.id, acting.act, reason, { on: acting.on, conclusion });
            refresh();
          }}
        />
      )}
      {first && <PostCard post={first} topic={topic} isAnswer={false} onChanged={refresh} onQuote={(p) => setQuote({ id: p.id, author: p.author.display_name })} />}
      {topic.is_closed && topic.conclusion && (
        <section className="topic-conclusion" aria-label="Conclusion">
          <h2>Conclusion</h2>
          <p>{topic.conclusion}</p>
        </section>
      )}
      {answer && (
        <section className="topic-answer" aria-label="Réponse retenue">
          <h2>Réponse retenue</h2>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: answer.html }} />
          <p>
            — {answer.author.display_name}, <a href={`#message-${answer.id}`}>voir dans la discussion</a>
          </p>
        </section>
      )}
      <section aria-label="Réponses" className="topic-replies">
        <h2>{replies.filter(Boolean).length} réponse(s)</h2>
        {replies.map(
          (post) =>
            post && (
              <PostCard
                key={post.id}
                post={post}
                topic={topic}
                isAnswer={post.id === topic.answer_id}
                onChanged={refresh}
                onQuote={(p) => setQuote({ id: p.id, author: p.author.display_name })}
              />
            ),
        )}
      </section>
      {topic.me.silenced_until ? (
        <p className="notice" role="status">
          Vous êtes réduit(e) au silence jusqu'au {formatDateTime(topic.me.silenced_until)} : vous ne pouvez pas répondre
          d'ici là.
        </p>
      ) : topic.me.can_reply ? (
        <ReplyEditor topicId={topic.id} quote={quote} onClearQuote={() => setQuote(null)} onPosted={() => refresh(-1)} />
      ) : (
        <p className="notice">{topic.is_closed || topic.locked ? "Ce sujet n'accepte plus de réponses." : "Vous ne pouvez pas répondre dans ce forum."}</p>
      )}
    </>
  );
}
