import { useState } from "react";
import { Link } from "react-router-dom";
import { forumsApi, type PostAct, type QueuedPost } from "../../api/forums";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useLoad } from "../../hooks";
import { formatDateTime } from "../../text";
import { ReasonPrompt } from "./ReasonPrompt";
import { ACTION_LABELS } from "./labels";
import { REPORT_REASONS } from "./ReportDialog";

const ACTS: Record<PostAct, string> = { hide: "Masquer", restore: "Rétablir", approve: "Valider", delete: "Supprimer" };

function QueueItem({ post, acts, onDone }: { post: QueuedPost; acts: PostAct[]; onDone: () => void }) {
  const [acting, setActing] = useState<PostAct | null>(null);
  return (
    <li className="card queue-item" aria-label={`Message de ${post.author.display_name}`}>
      <p className="meta">
        <Link to={`/forums/sujets/${post.topic.id}#message-${post.id}`}>{post.topic.title}</Link> ({post.forum.title}) —{" "}
        {post.author.display_name}, {formatDateTime(post.created_at)} — <strong>{post.status}</strong>
      </p>
      <div className="markdown" dangerouslySetInnerHTML={{ __html: post.html }} />
      {post.reports.length > 0 && (
        <ul className="reports">
          {post.reports.map((report) => (
            <li key={report.id}>
              {report.reporter.display_name} : {REPORT_REASONS[report.reason]}
              {report.details && ` — ${report.details}`}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {acts.map((act) => (
          <button key={act} type="button" className="button button-small button-secondary" onClick={() => setActing(act)}>
            {ACTS[act]}
          </button>
        ))}
      </div>
      {acting && (
        <ReasonPrompt
          label={ACTS[acting]}
          onCancel={() => setActing(null)}
          onConfirm={async (reason) => {
            await forumsApi().moderatePost(post.id, acting, reason);
            onDone();
          }}
        />
      )}
    </li>
  );
}

export function ModerationPage() {
  const [reports, reloadReports] = useLoad("mod-reports", () => forumsApi().reportQueue());
  const [approvals, reloadApprovals] = useLoad("mod-approvals", () => forumsApi().approvalQueue());
  const [log, reloadLog] = useLoad("mod-log", () => forumsApi().log(false));
  const reload = () => {
    reloadReports();
    reloadApprovals();
    reloadLog();
  };
  return (
    <>
      <p className="breadcrumb">
        <Link to="/forums">Forums</Link>
      </p>
      <PageHeading title="Modération des forums" />
      <section aria-label="Messages signalés">
        <h2>Messages signalés</h2>
        {reports.status === "error" && <LoadError error={reports.error} />}
        {!reports.data ? <Loading /> : reports.data.results.length === 0 ? <p>Aucun signalement en attente.</p> : (
          <ul className="card-list">
            {reports.data.results.map((post) => (
              <QueueItem key={post.id} post={post} acts={post.status === "hidden" ? ["restore", "delete"] : ["hide", "delete"]} onDone={reload} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Messages en attente de validation">
        <h2>En attente de validation</h2>
        {!approvals.data ? <Loading /> : approvals.data.results.length === 0 ? <p>Aucun message en attente.</p> : (
          <ul className="card-list">
            {approvals.data.results.map((post) => (
              <QueueItem key={post.id} post={post} acts={["approve", "delete"]} onDone={reload} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Journal de modération">
        <h2>Journal de modération</h2>
        {!log.data ? <Loading /> : (
          <ul className="moderation-log">
            {log.data.results.map((entry) => (
              <li key={entry.id}>
                {formatDateTime(entry.at)} — {entry.actor_label} : {ACTION_LABELS[entry.action] ?? entry.action}
                {entry.topic_title && ` « ${entry.topic_title} »`} ({entry.forum_title}) — motif : {entry.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function MyModerationPage() {
  const [log] = useLoad("my-log", () => forumsApi().log(true));
  if (log.status === "error") return <LoadError error={log.error} />;
  if (!log.data) return <Loading />;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/forums">Forums</Link>
      </p>
      <PageHeading title="Mes messages modérés" />
      <p>Les actions des modérateurs sur vos messages, et leur motif.</p>
      {log.data.results.length === 0 ? <p>Aucune action sur vos messages.</p> : (
        <ul className="moderation-log">
          {log.data.results.map((entry) => (
            <li key={entry.id}>
              {formatDateTime(entry.at)} — {ACTION_LABELS[entry.action] ?? entry.action}
              {entry.topic_id ? (
                <> dans <Link to={`/forums/sujets/${entry.topic_id}`}>« {entry.topic_title} »</Link></>
              ) : entry.topic_title ? ` dans « ${entry.topic_title} »` : ""}{" "}
              par {entry.actor_label} — motif : <q>{entry.reason}</q>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
