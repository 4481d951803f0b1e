import { type FormEvent, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { type Lesson, type ModuleProgress, type QuizResult, trainingApi } from "../../api/training";
import { isAnimator, useAuth } from "../../auth/AuthContext";
import { ErrorSummary } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { NotFoundPage } from "../NotFoundPage";
import "./training.css";

export function ProgressBar({ done, total, percent }: { done: number; total: number; percent: number }) {
  return (
    <div className="training-progress">
      <div
        className="training-progress-bar"
        role="progressbar"
        aria-label="Progression dans le module"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p data-testid="progression">
        {done} leçon{done > 1 ? "s" : ""} terminée{done > 1 ? "s" : ""} sur {total} ({percent} %)
      </p>
    </div>
  );
}

function QuizForm({ lesson, onAnswered }: { lesson: Lesson; onAnswered(): void }) {
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizResult | null>(null);
  const { busy, error, run } = useAction();

  function toggle(questionId: string, choiceId: string, checked: boolean) {
    setAnswers((previous) => {
      const chosen = new Set(previous[questionId] ?? []);
      if (checked) chosen.add(choiceId);
      else chosen.delete(choiceId);
      return { ...previous, [questionId]: [...chosen] };
    });
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (await run(async () => setResult(await trainingApi.answer(lesson.id, answers)))) onAnswered();
  }

  const corrections = new Map(result?.corrections.map((c) => [c.question_id, c]));
  return (
    <form onSubmit={onSubmit} aria-labelledby="quiz-titre" className="quiz">
      <h3 id="quiz-titre">Quiz</h3>
      <p className="hint">
        Cochez la ou les bonnes réponses. Il faut {lesson.pass_percent} % de bonnes réponses pour valider la leçon.
      </p>
      <ErrorSummary error={error} />
      {lesson.quiz.map((question, index) => {
        const correction = corrections.get(question.id);
        return (
          <fieldset key={question.id} className="quiz-question">
            <legend>
              {index + 1}. {question.question}
            </legend>
            {question.choices.map((choice) => (
              <label key={choice.id} className="quiz-choice">
                <input
                  type="checkbox"
                  checked={(answers[question.id] ?? []).includes(choice.id)}
                  onChange={(event) => toggle(question.id, choice.id, event.target.checked)}
                />{" "}
                {choice.text}
                {correction?.right_choices.includes(choice.id) && <span className="badge"> bonne réponse</span>}
              </label>
            ))}
            {correction && (
              <p className={correction.correct ? "quiz-right" : "quiz-wrong"}>
                {correction.correct ? "Juste." : "Pas tout à fait."} {correction.explanation}
              </p>
            )}
          </fieldset>
        );
      })}
      <button type="submit" className="button" disabled={busy}>
        Valider mes réponses
      </button>
      {result && (
        <p role="status" className={result.passed ? "notice notice-success" : "notice notice-error"}>
          {result.score} bonne{result.score > 1 ? "s" : ""} réponse{result.score > 1 ? "s" : ""} sur {result.total} :{" "}
          {result.passed ? "leçon validée." : "réessayez après avoir relu la leçon."}
        </p>
      )}
    </form>
  );
}

function LessonView({ lessonId, onProgress }: { lessonId: number; onProgress(): void }) {
  const [lesson, reload] = useLoad(`lesson:${lessonId}`, () => trainingApi.lesson(lessonId));
  const { busy, error, run } = useAction();
  if (lesson.status === "error") return <LoadError error={lesson.error} />;
  if (!lesson.data) return <Loading />;
  const data = lesson.data;
  return (
    <article className="lesson" aria-labelledby="lecon-titre">
      <h2 id="lecon-titre">
        {data.title} {data.done && <span className="badge">terminée</span>}
      </h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: data.html }} />
      {data.quiz.length > 0 ? (
        <QuizForm
          key={data.id}
          lesson={data}
          onAnswered={() => {
            onProgress();
            reload();
          }}
        />
      ) : (
        !data.done && (
          <>
            <ErrorSummary error={error} />
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={async () => {
                if (await run(() => trainingApi.markDone(data.id))) {
                  onProgress();
                  reload();
                }
              }}
            >
              J'ai lu cette leçon
            </button>
          </>
        )
      )}
    </article>
  );
}

function FollowUpLinks({ progress }: { progress: ModuleProgress }) {
  const { me } = useAuth();
  const referentOf = (me?.memberships ?? []).filter((m) => m.role === "referent");
  if (!isAnimator(me) && referentOf.length === 0) return null;
  return (
    <nav aria-label="Suivi du module" className="training-follow-up">
      <ul>
        {isAnimator(me) && (
          <li>
            <Link to={`/base-documentaire/formation/${progress.id}/suivi`}>Achèvement par collectivité</Link>
          </li>
        )}
        {referentOf.map((m) => (
          <li key={m.id}>
            <Link to={`/base-documentaire/formation/${progress.id}/collectivites/${m.collectivite.id}`}>
              Progression des agents de {m.collectivite.name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function TrainingModulePage() {
  const id = Number(useParams().id);
  const [search, setSearch] = useSearchParams();
  const [progress, reload] = useLoad(`training:${id}`, () => trainingApi.progress(id));
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (progress.status === "error" && progress.error.is("not_found")) return <NotFoundPage />;
  const data = progress.data;
  const selected = Number(search.get("lecon")) || data?.lessons.find((lesson) => !lesson.done)?.id || data?.lessons[0]?.id;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/base-documentaire">← Base documentaire</Link>
      </p>
      <PageHeading title={data?.title ?? "Module de formation"} />
      {progress.status === "error" && <LoadError error={progress.error} />}
      {!data && progress.status === "loading" && <Loading />}
      {data && (
        <>
          {data.summary && <p className="lead">{data.summary}</p>}
          <ProgressBar done={data.done} total={data.total} percent={data.percent} />
          <FollowUpLinks progress={data} />
          <div className="training-layout">
            <nav aria-label="Leçons du module" className="training-lessons">
              <ol>
                {data.lessons.map((lesson) => (
                  <li key={lesson.id} className={lesson.done ? "lesson-done" : undefined}>
                    <button
                      type="button"
                      className="link-button"
                      aria-current={lesson.id === selected ? "step" : undefined}
                      onClick={() => setSearch({ lecon: String(lesson.id) })}
                    >
                      {lesson.title}
                    </button>
                    {lesson.done && <span className="badge"> ✓ terminée</span>}
                  </li>
                ))}
              </ol>
            </nav>
            {selected ? <LessonView key={selected} lessonId={selected} onProgress={reload} /> : <p>Aucune leçon.</p>}
          </div>
        </>
      )}
    </>
  );
}
