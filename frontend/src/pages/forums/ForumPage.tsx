import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { forumsApi, type TopicFilter } from "../../api/forums";
import { ErrorSummary } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
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
  const [forum, reloadForum] = useLoad(`forum-${forumId}`, () => forumsApi().forum(forumId));
  const subscription = useAction();
  const { me } = useAuth();
  const [topics] = useLoad(`topics-${forumId}-${filter}`, () => forumsApi().topics(forumId, filter || undefined));
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
        <select value={filter} onChange={(e) => setFilter(e.target.value as TopicFilter | "")}>
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
      {forum.data.me.can_post && <NewTopic forumId={forumId} />}
      {forum.data.me.can_moderate && <WatchedWords forumId={forumId} />}
    </>
  );
}
