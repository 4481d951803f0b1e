import { type FormEvent, useEffect, useState } from "react";
import { forumsApi, type WatchedAction, type WatchedWord } from "../../api/forums";
import { ErrorSummary } from "../../components/Forms";
import { useAction } from "../../hooks";
import { ReasonPrompt } from "./ReasonPrompt";

const ACTION_LABELS: Record<WatchedAction, string> = {
  block: "Refuser le message",
  queue: "Mettre en attente de validation",
};

/** A forum's watched words (moderators): a post containing one is refused or queued. */
export function WatchedWords({ forumId }: { forumId: number }) {
  const [words, setWords] = useState<WatchedWord[] | null>(null);
  const [word, setWord] = useState("");
  const [act, setAct] = useState<WatchedAction>("queue");
  const [reason, setReason] = useState("");
  const [removing, setRemoving] = useState<WatchedWord | null>(null);
  const action = useAction();

  function load() {
    forumsApi().watchedWords(forumId).then(setWords, () => setWords([]));
  }
  useEffect(load, [forumId]);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => forumsApi().addWatchedWord(forumId, word, act, reason))) {
      setWord("");
      setReason("");
      load();
    }
  }

  return (
    <section className="watched-words" aria-label="Mots surveillés">
      <h2>Mots surveillés</h2>
      {words === null ? (
        <p>Chargement…</p>
      ) : words.length === 0 ? (
        <p>Aucun mot surveillé.</p>
      ) : (
        <ul>
          {words.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.word}</strong> — {ACTION_LABELS[entry.action]}{" "}
              <button type="button" className="button button-small button-secondary" onClick={() => setRemoving(entry)}>
                Retirer
              </button>
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ReasonPrompt
          label={`Retirer « ${removing.word} »`}
          onCancel={() => setRemoving(null)}
          onConfirm={async (why) => {
            await forumsApi().removeWatchedWord(removing.id, why);
            load();
          }}
        />
      )}
      <form onSubmit={add} aria-label="Surveiller un mot">
        <ErrorSummary error={action.error} />
        <label>
          Mot
          <input value={word} onChange={(e) => setWord(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Action
          <select value={act} onChange={(e) => setAct(e.target.value as WatchedAction)}>
            {(Object.keys(ACTION_LABELS) as WatchedAction[]).map((value) => (
              <option key={value} value={value}>
                {ACTION_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Motif
          <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
        </label>
        <button type="submit" className="button button-small" disabled={action.busy}>
          Surveiller ce mot
        </button>
      </form>
    </section>
  );
}
