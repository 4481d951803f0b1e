import { type FormEvent, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { fieldError } from "../../api/errors";
import { type Question, type TenderDetail, tendersApi } from "../../api/tenders";
import { useAuth } from "../../auth/AuthContext";
import { ErrorSummary } from "../../components/Forms";
import { LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { ParisTime, Section, SuccessNotice } from "../../tenders/components";
import { isFuture } from "../../tenders/format";

function AnswerForm({ tender, question, onDone }: { tender: TenderDetail; question: Question; onDone(): void }) {
  const [text, setText] = useState("");
  const action = useAction();
  const id = `reponse-${question.id}`;
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => tendersApi().answer(tender.id, question.id, text))) onDone();
  }
  const error = fieldError(action.error, "text");
  return (
    <form className="form inline-form" onSubmit={onSubmit}>
      <ErrorSummary error={error ? null : action.error} />
      <div className={error ? "field field-invalid" : "field"}>
        <label htmlFor={id}>Réponse (publiée à tous, sans le nom de l'entreprise)</label>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <textarea
          id={id}
          rows={3}
          required
          value={text}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <button type="submit" className="button button-small" disabled={action.busy}>
        {action.busy ? "Publication…" : "Publier la réponse"}
      </button>
    </form>
  );
}

function AskForm({ tender, onDone }: { tender: TenderDetail; onDone(): void }) {
  const [text, setText] = useState("");
  const action = useAction();
  const error = fieldError(action.error, "text");
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => tendersApi().ask(tender.id, text))) {
      setText("");
      onDone();
    }
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="poser-titre">
      <h3 id="poser-titre">Poser une question</h3>
      <ErrorSummary error={error ? null : action.error} />
      <div className={error ? "field field-invalid" : "field"}>
        <label htmlFor="question">Votre question</label>
        <p className="hint" id="question-hint">
          Jusqu'au <ParisTime iso={tender.question_deadline} />. L'acheteur seul voit qui la pose ;
          sa réponse est publiée à tous.
        </p>
        {error && (
          <p className="field-error" id="question-error">
            {error}
          </p>
        )}
        <textarea
          id="question"
          rows={4}
          required
          maxLength={5000}
          value={text}
          aria-describedby={error ? "question-hint question-error" : "question-hint"}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={action.busy}>
        {action.busy ? "Envoi…" : "Envoyer la question"}
      </button>
    </form>
  );
}

export function QuestionsSection({ tender }: { tender: TenderDetail }) {
  const { me } = useAuth();
  const location = useLocation();
  const [state, reload] = useLoad(`questions-${tender.id}-${me?.id ?? ""}`, () => tendersApi().questions(tender.id));
  const [message, setMessage] = useState<string | null>(null);
  const canAsk =
    Boolean(me?.company) && tender.status === "published" && isFuture(tender.question_deadline);
  const questions = state.data ?? [];

  return (
    <Section id="questions" title="Questions et réponses">
      <SuccessNotice message={message} />
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && questions.length === 0 && <p>Aucune question publiée pour l'instant.</p>}
      {questions.length > 0 && (
        <ol className="questions">
          {questions.map((question) => (
            <li key={question.id} className="question">
              <p className="meta">
                Question du <ParisTime iso={question.asked_at} />
                {question.company && (
                  <>
                    {" "}
                    — {question.company.name} (SIRET {question.company.siret})
                    {question.asked_by && `, ${question.asked_by}`}
                  </>
                )}
              </p>
              <p className="prewrap">{question.text}</p>
              {question.answer ? (
                <div className="answer">
                  <p className="meta">
                    Réponse du <ParisTime iso={question.answer.published_at} />
                  </p>
                  <p className="prewrap">{question.answer.text}</p>
                </div>
              ) : tender.can_manage ? (
                <AnswerForm
                  tender={tender}
                  question={question}
                  onDone={() => {
                    setMessage("Réponse publiée : les entreprises qui ont retiré le DCE sont prévenues.");
                    reload();
                  }}
                />
              ) : (
                <p className="meta">En attente de réponse.</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {canAsk && (
        <AskForm
          tender={tender}
          onDone={() => {
            setMessage("Question envoyée à l'acheteur.");
            reload();
          }}
        />
      )}
      {!me && tender.status === "published" && isFuture(tender.question_deadline) && (
        <p>
          <Link to={`/connexion?suivant=${encodeURIComponent(location.pathname)}`}>Connectez-vous</Link>{" "}
          avec un compte entreprise pour poser une question ou déposer une offre.
        </p>
      )}
    </Section>
  );
}
