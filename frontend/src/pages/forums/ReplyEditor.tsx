import { type FormEvent, useEffect, useRef, useState } from "react";
import { fieldError } from "../../api/errors";
import { forumsApi, type Person } from "../../api/forums";
import { ErrorSummary } from "../../components/Forms";
import { useAction, useDebounced } from "../../hooks";
import { renderPreview } from "../../spaces/markdown";

/** The "@prefix" being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): string | null {
  const match = /(?:^|\s)@([A-Za-z0-9_.-]*)$/.exec(text.slice(0, caret));
  return match?.[1] ?? null;
}

/**
 * Markdown reply with a preview (rendered and sanitized in the browser as the draft editor's
 * preview is; the server renders the stored text itself) and @mention completion.
 */
export function ReplyEditor({
  topicId,
  quote,
  onClearQuote,
  onPosted,
}: {
  topicId: number;
  quote: { id: number; author: string } | null;
  onClearQuote: () => void;
  onPosted: (postId: number) => void;
}) {
  const [body, setBody] = useState("");
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [prefix, setPrefix] = useState<string | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [fileInputKey, setFileInputKey] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const action = useAction();
  const wanted = useDebounced(prefix, 200);

  useEffect(() => {
    if (!wanted) {
      setPeople([]);
      return;
    }
    let current = true;
    forumsApi()
      .mentions(topicId, wanted)
      .then((found) => current && setPeople(found), () => current && setPeople([]));
    return () => {
      current = false;
    };
  }, [wanted, topicId]);

  function onChange(value: string, caret: number) {
    setBody(value);
    setPrefix(mentionAt(value, caret));
  }

  function complete(person: Person) {
    const caret = area.current?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@([A-Za-z0-9_.-]*)$/, `@${person.username} `);
    setBody(before + body.slice(caret));
    setPrefix(null);
    area.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    let posted = 0;
    const ok = await action.run(async () => {
      const api = forumsApi();
      posted = (files.length ? await api.replyWithFiles(topicId, body, quote?.id, files) : await api.reply(topicId, body, quote?.id)).id;
    });
    if (ok) {
      setBody("");
      setFiles([]);
      setFileInputKey((key) => key + 1);
      onClearQuote();
      onPosted(posted);
    }
  }

  return (
    <form className="reply-editor" onSubmit={submit} aria-label="Répondre">
      <h2>Répondre</h2>
      <ErrorSummary error={action.error} />
      {quote && (
        <p className="quote-note">
          En réponse au message de {quote.author}{" "}
          <button type="button" className="button-link" onClick={onClearQuote}>
            (ne plus citer)
          </button>
        </p>
      )}
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === "write"} onClick={() => setTab("write")}>
          Écrire
        </button>
        <button type="button" role="tab" aria-selected={tab === "preview"} onClick={() => setTab("preview")}>
          Aperçu
        </button>
      </div>
      {tab === "write" ? (
        <label>
          <span className="visually-hidden">Votre message (markdown)</span>
          <textarea
            ref={area}
            name="body"
            rows={6}
            value={body}
            required
            placeholder="Votre message (markdown ; @identifiant pour mentionner quelqu'un)"
            onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          />
        </label>
      ) : (
        <div className="markdown-preview" dangerouslySetInnerHTML={{ __html: renderPreview(body) }} />
      )}
      {people.length > 0 && (
        <ul className="mention-list" role="listbox" aria-label="Personnes à mentionner">
          {people.map((person) => (
            <li key={person.id} role="option" aria-selected={false}>
              <button type="button" onClick={() => complete(person)}>
                @{person.username} — {person.display_name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="reply-attachments">
        Pièces jointes (PDF, ODT, images)
        <input
          key={fileInputKey}
          type="file"
          name="attachments"
          multiple
          accept=".pdf,.odt,application/pdf,application/vnd.oasis.opendocument.text,image/png,image/jpeg,image/gif,image/webp"
          aria-describedby={fieldError(action.error, "attachments") ? "reply-attachments-error" : undefined}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
      </label>
      {fieldError(action.error, "attachments") && (
        <p className="field-error" id="reply-attachments-error">
          {fieldError(action.error, "attachments")}
        </p>
      )}
      {files.length > 0 && (
        <ul className="reply-file-list" aria-label="Fichiers joints">
          {files.map((file) => (
            <li key={file.name}>
              {file.name} ({Math.ceil(file.size / 1024)} ko)
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="button" disabled={action.busy || !body.trim()}>
        Publier la réponse
      </button>
    </form>
  );
}
