import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { actsApi, NATURES, submitAct } from "../../api/acts";
import { fieldError } from "../../api/errors";
import { useAuth } from "../../auth/AuthContext";
import { ErrorSummary, SelectField, TextField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { UploadProgress } from "../../tenders/components";
import { bodiesWith, parisToday } from "./common";

/** Submitting an act: every field checked by the server, errors shown beside each field. */
export function ActFormPage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const bodies = bodiesWith(me, "act_officer");
  const [classification] = useLoad("classification", () => actsApi.classification());
  const [collectivite, setCollectivite] = useState(String(bodies[0]?.id ?? ""));
  const [nature, setNature] = useState("1");
  const [matter, setMatter] = useState("");
  const [decisionDate, setDecisionDate] = useState("");
  const [number, setNumber] = useState("");
  const [object, setObject] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [annexes, setAnnexes] = useState<File[]>([]);
  const [percent, setPercent] = useState<number | null>(null);
  const action = useAction();
  const err = (field: string) => fieldError(action.error, field);

  if (bodies.length === 0) {
    return (
      <>
        <PageHeading title="Déposer un acte" />
        <p className="notice notice-error">
          Seuls les agents de télétransmission des actes d'une collectivité déposent des actes.
        </p>
      </>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const form = new FormData();
    form.append("collectivite", collectivite);
    form.append("nature", nature);
    form.append("classification", matter);
    form.append("decision_date", decisionDate);
    form.append("number", number);
    form.append("object", object);
    if (file) form.append("file", file, file.name);
    for (const annex of annexes) form.append("annexes", annex, annex.name);
    setPercent(0);
    let created: number | null = null;
    const ok = await action.run(async () => {
      created = (await submitAct(form, { onProgress: setPercent })).id;
    });
    if (!ok) setPercent(null);
    if (ok && created !== null) navigate(`/actes/${created}`);
  }

  return (
    <>
      <PageHeading title="Déposer un acte" />
      <p>
        <Link to="/actes">Retour aux actes</Link>
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={action.error} />
        <SelectField id="acte-collectivite" label="Collectivité" value={collectivite} error={err("collectivite")} onChange={(e) => setCollectivite(e.target.value)}>
          {bodies.map((body) => (
            <option key={body.id} value={body.id}>
              {body.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="acte-nature" label="Nature" value={nature} error={err("nature")} onChange={(e) => setNature(e.target.value)}>
          {NATURES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {classification.status === "error" && <LoadError error={classification.error} />}
        {classification.data === undefined ? (
          <Loading label="Chargement de la classification…" />
        ) : (
          <SelectField
            id="acte-matiere"
            label="Matière (classification)"
            hint={`Classification du ${classification.data.version_date}`}
            value={matter}
            error={err("classification")}
            onChange={(e) => setMatter(e.target.value)}
            required
          >
            <option value="">Choisir…</option>
            {classification.data.entries.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {`${"\u00a0\u00a0".repeat(entry.level - 1)}${entry.code} ${entry.label}`}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id="acte-date" type="date" label="Date de la décision" hint="Pas dans le futur (heure de Paris)." max={parisToday()} value={decisionDate} error={err("decision_date")} onChange={(e) => setDecisionDate(e.target.value)} required />
        <TextField id="acte-numero" label="Numéro interne" hint="1 à 15 caractères : chiffres, lettres majuscules ou « _ », unique dans la collectivité (ex. 2026_012)." maxLength={15} value={number} error={err("number")} onChange={(e) => setNumber(e.target.value.toUpperCase())} required />
        <TextField id="acte-objet" label="Objet" maxLength={500} value={object} error={err("object")} onChange={(e) => setObject(e.target.value)} required />
        <div className={err("file") ? "field field-invalid" : "field"}>
          <label htmlFor="acte-fichier">Acte (PDF ; XML pour un document budgétaire)</label>
          {err("file") && (
            <p className="field-error" id="acte-fichier-error">
              {err("file")}
            </p>
          )}
          <input id="acte-fichier" type="file" accept=".pdf,.xml" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className={err("annexes") ? "field field-invalid" : "field"}>
          <label htmlFor="acte-annexes">Annexes (PDF, XML, PNG, JPEG ; 150 Mo au total)</label>
          {err("annexes") && (
            <p className="field-error" id="acte-annexes-error">
              {err("annexes")}
            </p>
          )}
          <input id="acte-annexes" type="file" multiple accept=".pdf,.xml,.png,.jpg,.jpeg" onChange={(e) => setAnnexes(Array.from(e.target.files ?? []))} />
        </div>
        {percent !== null && <UploadProgress id="progression-acte" label="Envoi de l'acte" percent={percent} />}
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? "Envoi…" : "Déposer l'acte"}
        </button>
      </form>
    </>
  );
}
