import { Link } from "react-router-dom";
import { forumsApi } from "../../api/forums";
import { useAuth } from "../../auth/AuthContext";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useLoad } from "../../hooks";
import { plural } from "../../text";

const AUDIENCE: Record<string, string> = {
  public: "Public",
  network: "Réseau",
  restricted: "Privé",
};

export function ForumsPage() {
  const { me } = useAuth();
  const [forums] = useLoad(`forums-${me?.id ?? "anon"}`, () => forumsApi().forums());
  if (forums.status === "error") return <LoadError error={forums.error} />;
  if (!forums.data) return <Loading />;
  const moderates = forums.data.results.some((forum) => forum.me.can_moderate);
  return (
    <>
      <PageHeading title="Forums" />
      <p>Questions et entraide entre agents du réseau.</p>
      {me && (
        <p className="button-row">
          <Link to="/forums/journal">Mes messages modérés</Link>
          {moderates && <Link to="/forums/moderation">File de modération</Link>}
        </p>
      )}
      <ul className="card-list forum-list">
        {forums.data.results.map((forum) => (
          <li key={forum.id} className="card">
            <h2>
              <Link to={`/forums/${forum.id}`}>{forum.title}</Link>
            </h2>
            <p>{forum.description}</p>
            <p className="meta">
              <span className="badge">{AUDIENCE[forum.visibility]}</span> {plural(forum.topic_count, "sujet")}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
