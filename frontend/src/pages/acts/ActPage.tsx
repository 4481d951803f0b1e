import { type FormEvent, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import {
  type ActDetail,
  type ActMessage,
  actLinks,
  actsApi,
  answerExchange,
  TIMELINE_LABELS,
} from "../../api/acts";
import { fieldError } from "../../api/errors";
import { ErrorSummary, TextField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { ParisTime } from "../../tenders/components";
import { ActStatusBadge, formatDay, parisToday } from "./common";

const ANSWERABLE = ["courrier_simple", "pieces_complementaires"];
const IN_FLIGHT = ["waiting", "transmitted"];

/** One act: its state, downloads, exchanges with the prefecture, publication and timeline. */
export function ActPage() {
  const id = Number(useParams().id);
  const [state, reload] = useLoad(`act-${id}`, () => actsApi.get(id));
  const [timeline, reloadTimeline] = useLoad(`timeline-${id}`, () => actsApi.timeline(id));
  const action = useAction();
  const refresh = () => {
    reload();
    reloadTimeline();
  };
  const act = state.data;
  const waiting =
    !!act && (IN_FLIGHT.includes(act.status) || act.messages.some((m) => ["waiting", "transmitted"].includes(m.status)));
  // The prefecture answers a few seconds after the hand-over: follow it while it is on its way.
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = window.setTimeout(refresh, 2000);
    return () => window.clearTimeout(timer);
  });

  if (state.status === "error" && !act) {
    return (
      <>
        <PageHeading title="Acte introuvable" />
        <LoadError error={state.error} />
        <p>
          <Link to="/actes">Retour aux actes</Link>
        </p>
      </>
    );
  }
  if (!act) return <Loading />;
  const run = (call: () => Promise<unknown>) => action.run(call).then((ok) => ok && refresh());
  const pdf = act.files[0]?.content_type === "application/pdf";

  return (
    <>
      <PageHeading title={`Acte ${act.number}`} />
      <p>
        <Link to="/actes">Retour aux actes</Link>
      </p>
      <p>
        <ActStatusBadge status={act.status} />
        {act.cancellation_requested && act.status !== "cancelled" && " · annulation demandée"}
      </p>
      {act.status === "error" && act.error_reason && (
        <p className="notice notice-error" role="alert">
          {act.error_reason}
        </p>
      )}
      <dl className="details">
        <dt>Objet</dt>
        <dd>{act.object}</dd>
        <dt>Collectivité</dt>
        <dd>{act.collectivite.name}</dd>
        <dt>Identifiant @CTES</dt>
        <dd data-testid="identifiant">{act.identifier || "attribué à la transmission"}</dd>
        <dt>Nature · matière</dt>
        <dd>
          {act.nature_abbreviation} · {act.classification_code}
        </dd>
        <dt>Date de la décision</dt>
        <dd>{formatDay(act.decision_date)}</dd>
        <dt>Reçu en préfecture le</dt>
        <dd>{formatDay(act.received_on)}</dd>
        <dt>Affiché / publié le</dt>
        <dd>{formatDay(act.publication_date)}</dd>
        <dt>Exécutoire depuis</dt>
        <dd>{formatDay(act.enforceable_since)}</dd>
      </dl>
      <ErrorSummary error={action.error} />
      <p className="actions">
        {(act.status === "posted" || act.status === "error") && (
          <button type="button" className="button" disabled={action.busy} onClick={() => run(() => actsApi.transmit(id))}>
            Transmettre à la préfecture
          </button>
        )}{" "}
        {act.status !== "cancelled" && act.status !== "waiting" && !act.cancellation_requested && (
          <button type="button" className="button button-secondary" disabled={action.busy} onClick={() => run(() => actsApi.cancel(id))}>
            Annuler l'acte
          </button>
        )}
      </p>
      <section aria-labelledby="telechargements">
        <h2 id="telechargements">Téléchargements</h2>
        <ul>
          {act.files.map((file) => (
            <li key={file.id}>
              <a href={actLinks.file(id, file.id)}>{file.name}</a> ({file.role === "act" ? "acte, original" : "annexe"})
            </li>
          ))}
          {act.status === "acknowledged" && pdf && (
            <li>
              <a href={actLinks.stamped(id)}>Acte tamponné (PDF)</a>
            </li>
          )}
          {act.has_acknowledgement && (
            <li>
              <a href={actLinks.acknowledgement(id)}>Accusé de réception (ARActe, XML)</a>
            </li>
          )}
        </ul>
      </section>
      {act.messages.length > 0 && (
        <section aria-labelledby="echanges">
          <h2 id="echanges">Échanges avec la préfecture</h2>
          <ul className="exchanges">
            {act.messages.map((message) => (
              <Exchange key={message.id} act={act} message={message} onDone={refresh} />
            ))}
          </ul>
        </section>
      )}
      {(act.status === "transmitted" || act.status === "acknowledged") && (
        <PublishForm act={act} onDone={refresh} />
      )}
      <section aria-labelledby="chronologie">
        <h2 id="chronologie">Chronologie</h2>
        {timeline.data === undefined ? (
          <Loading />
        ) : (
          <ol className="timeline">
            {timeline.data.map((event) => (
              <li key={event.id}>
                <ParisTime iso={event.at} /> — {TIMELINE_LABELS[event.action] ?? event.action}{" "}
                <span className="muted">({event.actor_label})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function Exchange({ act, message, onDone }: { act: ActDetail; message: ActMessage; onDone(): void }) {
  const fromPrefecture = message.direction === "from_prefecture";
  const answered = act.messages.some((other) => other.in_reply_to === message.id && other.status !== "error");
  return (
    <li>
      <p>
        <strong>{fromPrefecture ? message.kind_label : `Réponse (${message.kind_label})`}</strong>
        {fromPrefecture ? ` reçu le ${formatDay(message.received_on)}` : ` — ${message.status === "acknowledged" ? `acquitté le ${formatDay(message.received_on)}` : message.status}`}
      </p>
      {message.text && <p>{message.text}</p>}
      {message.has_file && <a href={actLinks.exchangeFile(act.id, message.id)}>{message.file_name || "Pièce jointe"}</a>}
      {fromPrefecture && ANSWERABLE.includes(message.kind) && !answered && (
        <AnswerForm act={act} message={message} onDone={onDone} />
      )}
    </li>
  );
}

function AnswerForm({ act, message, onDone }: { act: ActDetail; message: ActMessage; onDone(): void }) {
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const action = useAction();
  const prefix = `reponse-${message.id}`;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const form = new FormData();
    form.append("text", text);
    if (file) form.append("file", file, file.name);
    if (await action.run(() => answerExchange(act.id, message.id, form))) onDone();
  }
  return (
    <form className="form" onSubmit={onSubmit}>
      <ErrorSummary error={action.error} />
      <TextField id={`${prefix}-texte`} label="Votre réponse" value={text} error={fieldError(action.error, "text")} onChange={(e) => setText(e.target.value)} />
      <div className="field">
        <label htmlFor={`${prefix}-fichier`}>
          {message.kind === "pieces_complementaires" ? "Pièces complémentaires (PDF)" : "Pièce jointe (PDF, facultative)"}
        </label>
        {fieldError(action.error, "file") && <p className="field-error">{fieldError(action.error, "file")}</p>}
        <input id={`${prefix}-fichier`} type="file" accept=".pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <button type="submit" className="button" disabled={action.busy}>
        Répondre
      </button>
    </form>
  );
}

function PublishForm({ act, onDone }: { act: ActDetail; onDone(): void }) {
  const [date, setDate] = useState(act.publication_date ?? "");
  const [online, setOnline] = useState(act.published_online);
  const action = useAction();
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => actsApi.publish(act.id, date, online))) onDone();
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="publication">
      <h2 id="publication">Publication</h2>
      <ErrorSummary error={action.error} />
      <TextField id="publication-date" type="date" label="Affiché / publié le" max={parisToday()} value={date} error={fieldError(action.error, "publication_date")} onChange={(e) => setDate(e.target.value)} required />
      {act.status === "acknowledged" && (
        <div className="field">
          <label>
            <input type="checkbox" checked={online} disabled={act.published_online} onChange={(e) => setOnline(e.target.checked)} /> Publier sur la page publique des actes de la collectivité
          </label>
        </div>
      )}
      <button type="submit" className="button" disabled={action.busy}>
        Enregistrer la publication
      </button>
    </form>
  );
}
