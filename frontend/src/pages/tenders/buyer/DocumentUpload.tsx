import { type FormEvent, useRef, useState } from "react";
import { fieldError } from "../../../api/errors";
import { type TenderDetail, type TenderDocument, tenderLinks } from "../../../api/tenders";
import { uploadForm } from "../../../api/upload";
import { ErrorSummary, TextField } from "../../../components/Forms";
import { useAction } from "../../../hooks";
import { UploadProgress } from "../../../tenders/components";

/** A piece added to the DCE; once published, a change notified to those who downloaded it. */
export function DocumentUpload({ tender, onDone }: { tender: TenderDetail; onDone(message: string): void }) {
  const [title, setTitle] = useState("");
  const [note, setNote] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const published = tender.status !== "draft";

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("title", title);
    form.append("file", file, file.name);
    if (note) form.append("change_note", note);
    setPercent(0);
    const ok = await action.run(() =>
      uploadForm<TenderDocument>(tenderLinks.documents(tender.id), form, { onProgress: setPercent }),
    );
    if (ok) {
      setTitle("");
      setNote("");
      setFile(null);
      setPercent(null);
      if (input.current) input.current.value = "";
      onDone(
        published
          ? "Pièce ajoutée : les entreprises qui ont retiré le DCE sont prévenues de la modification."
          : "Pièce ajoutée au DCE.",
      );
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="ajout-piece">
      <h3 id="ajout-piece">Ajouter une pièce au DCE</h3>
      {published && (
        <p className="notice notice-info">
          La consultation est publiée : c'est une modification du DCE, notifiée à tous ceux qui
          l'ont retiré.
        </p>
      )}
      <ErrorSummary error={action.error} />
      <TextField
        id="piece-titre"
        label="Intitulé de la pièce"
        hint="Par exemple : Règlement de la consultation. Vide : le nom du fichier."
        value={title}
        maxLength={200}
        error={fieldError(action.error, "title")}
        onChange={(event) => setTitle(event.target.value)}
      />
      <div className={fieldError(action.error, "file") ? "field field-invalid" : "field"}>
        <label htmlFor="piece-fichier">Fichier</label>
        {fieldError(action.error, "file") && (
          <p className="field-error" id="piece-fichier-error">
            {fieldError(action.error, "file")}
          </p>
        )}
        <input
          ref={input}
          id="piece-fichier"
          type="file"
          required
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      {published && (
        <TextField
          id="piece-note"
          label="Nature de la modification"
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      )}
      {percent !== null && <UploadProgress id="progression-piece" label="Envoi de la pièce" percent={percent} />}
      <button type="submit" className="button" disabled={action.busy || !file}>
        {action.busy ? "Envoi…" : "Ajouter la pièce"}
      </button>
    </form>
  );
}
