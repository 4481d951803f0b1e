import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { forumsApi, TOPICS_PER_PAGE, type TopicFilter } from "../../api/forums";
import { ErrorSummary } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Pagination } from "../../components/Pagination";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useFocusHeadingOnPageChange, useLoad } from "../../hooks";
import { formatDateTime } from "../../text";
import { useAuth } from "../../auth/AuthContext";
import { WatchedWords } from "./WatchedWords";

const FILTERS: Array<[TopicFilter | "", string]> = [
  ["", "Tous"],
  ["unanswered", "Sans réponse"],
  ["answered", "Résolus"],
  ["mine", "Mes sujets"],
  ["subscribed", "Suivis"],
];

function NewTopic({ forumId }: { forumId: number }) {
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const action = useAction();
  const navigate = useNavigate();
  async function submit(event: FormEvent) {
    event.preventDefault();
    let created = 0;
    if (await action.run(async () => (created = (await forumsApi().createTopic(forumId, title, body)).id))) {
      navigate(`/forums/sujets/${created}`);
    }
  }
  return (
    <form onSubmit={submit} className="new-topic" aria-label="Nouveau sujet">
      <h2>Poser une question</h2>
      <ErrorSummary error={action.error} />
      <label>
        Titre
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Question (markdown)
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required rows={5} />
      </label>
      <button type="submit" className="button" disabled={action.busy}>
        Publier le sujet
      </button>
    </form>
  );
}

export function ForumPage() {
  const forumId = Number(useParams().id);
  const [filter, setFilter] = useState<TopicFilter | "">("");
  // The page is in the URL (?page=N), as in the other lists: shareable, restored by "back".
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [forum, reloadForum] = useLoad(`forum-${forumId}`, () => forumsApi().forum(forumId));
  const subscription = useAction();
  const { me } = useAuth();
  const [topics] = useLoad(`topics-${forumId}-${filter}-${page}`, () =>
    forumsApi().topics(forumId, filter || undefined, page),
  );

  useFocusHeadingOnPageChange(page);

  function pageLink(target: number): string {
    const next = new URLSearchParams(params);
    if (target > 1) next.set("page", String(target));
    else next.delete("page");
    const search = next.toString();
    return search ? `?${search}` : "?";
  }

  function chooseFilter(value: TopicFilter | "") {
    setFilter(value);
    if (params.has("page")) {
      const next = new URLSearchParams(params);
      next.delete("page");
      setParams(next, { replace: true });
    }
  }
  if (forum.status === "error") return <LoadError error={forum.error} />;
  if (!forum.data) return <Loading />;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/forums">Forums</Link>
      </p>
      <PageHeading title={forum.data.title} />
      <p>{forum.data.description}</p>
      {me && (
        <div className="button-row">
          <button
            type="button"
            className="button button-small button-secondary"
            disabled={subscription.busy}
            onClick={async () => {
              const on = !forum.data?.me.subscribed;
              if (await subscription.run(() => forumsApi().subscribeForum(forumId, on))) reloadForum();
            }}
          >
            {forum.data.me.subscribed ? "Ne plus suivre ce forum" : "Suivre ce forum"}
          </button>
        </div>
      )}
      <ErrorSummary error={subscription.error} />
      <label>
        Afficher{" "}
        <select value={filter} onChange={(e) => chooseFilter(e.target.value as TopicFilter | "")}>
          {FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {topics.status === "error" && <LoadError error={topics.error} />}
      {!topics.data ? (
        <Loading />
      ) : (
        <ul className="topic-list">
          {topics.data.results.map((topic) => (
            <li key={topic.id}>
              <Link to={`/forums/sujets/${topic.id}`}>{topic.title}</Link>{" "}
              {topic.pinned && <span className="badge">Épinglé</span>}
              {topic.answer_id && <span className="badge badge-answer">Résolu</span>}
              {topic.status === "pending" && <span className="badge">En attente</span>}
              <span className="meta">
                {" "}
                — {topic.author.display_name}, {topic.reply_count} réponse(s), {formatDateTime(topic.last_post_at)}
              </span>
            </li>
          ))}
          {topics.data.results.length === 0 && <li>Aucun sujet.</li>}
        </ul>
      )}
      {topics.data && (
        <Pagination
          page={page}
          count={topics.data.count}
          countExact={topics.data.count_exact ?? true}
          pageSize={TOPICS_PER_PAGE}
          link={pageLink}
        />
      )}
      {forum.data.me.can_post && <NewTopic forumId={forumId} />}
      {forum.data.me.can_moderate && <WatchedWords forumId={forumId} />}
    </>
  );
}
