import { type FormEvent, useEffect, useState } from "react";
import { afterChoiceApi, type Criterion } from "../../../api/afterChoice";
import { ErrorSummary, SelectField, TextField } from "../../../components/Forms";
import { LoadError } from "../../../components/Status";
import { useAction, useLoad } from "../../../hooks";
import { SuccessNotice } from "../../../tenders/components";
import {
  criteriaPayload,
  criteriaProblems,
  type CriterionDraft,
  TOTAL_WEIGHT,
  weightSums,
} from "../../../tenders/criteria";
import type { Props } from "./types";

const EMPTY: CriterionDraft = { name: "", weight: "", lot_number: null };

const toDrafts = (criteria: Criterion[]): CriterionDraft[] =>
  criteria.length === 0
    ? [{ ...EMPTY }]
    : criteria.map((c) => ({ name: c.name, weight: String(c.weight), lot_number: c.lot_number ?? null }));

const scopeLabel = (lot: number | null | undefined) => (lot == null ? "Toute la consultation" : `Lot ${lot}`);

/** The criteria as published: read-only once the consultation is out (R.2152-12). */
function CriteriaList({ criteria }: { criteria: Criterion[] }) {
  if (criteria.length === 0) return <p>Aucun critère d'attribution n'a été fixé avant la publication.</p>;
  return (
    <ul className="plain" aria-label="Critères d'attribution">
      {criteria.map((c) => (
        <li key={c.id}>
          {c.lot_number ? `Lot ${c.lot_number} — ` : ""}
          {c.name} : {c.weight} %
        </li>
      ))}
    </ul>
  );
}

/**
 * The award criteria and their weights, set by the buyer on a draft (per lot or for the whole
 * consultation, each scope totalling 100 %): the analysis grid scores offers against them.
 */
export function CriteriaEditor({ tender }: Pick<Props, "tender">) {
  const [state, reload] = useLoad(`criteria-${tender.id}-${tender.status}`, () => afterChoiceApi.criteria(tender.id));
  const [rows, setRows] = useState<CriterionDraft[]>([{ ...EMPTY }]);
  const [tried, setTried] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  const loaded = state.data;
  useEffect(() => {
    if (loaded) setRows(toDrafts(loaded));
  }, [loaded]);

  if (state.status === "error") return <LoadError error={state.error} />;
  if (!loaded) return <p className="loading">Chargement des critères d'attribution…</p>;
  const draft = tender.status === "draft";
  const lots = tender.lots ?? [];
  const problems = criteriaProblems(rows);
  const sums = weightSums(rows);
  const change = (index: number, patch: Partial<CriterionDraft>) => {
    setMessage(null);
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0) return;
    if (await action.run(() => afterChoiceApi.setCriteria(tender.id, criteriaPayload(rows)))) {
      setMessage("Critères d'attribution enregistrés.");
      reload();
    }
  }

  return (
    <div className="action-block" id="criteres">
      <h3>Critères d'attribution</h3>
      {!draft ? (
        <>
          <p>Les critères et leur pondération sont ceux publiés avec la consultation (R.2152-12).</p>
          <CriteriaList criteria={loaded} />
        </>
      ) : (
        <form className="form" onSubmit={onSubmit} aria-label="Critères d'attribution" noValidate>
          <p>
            Fixez les critères et leur pondération avant la publication : ils ne changent plus ensuite
            (R.2152-11, R.2152-12). Les pondérations totalisent {TOTAL_WEIGHT} %
            {lots.length > 0 ? " pour chaque lot (ou pour toute la consultation)" : ""}.
          </p>
          <SuccessNotice message={message} />
          <ErrorSummary error={action.error} />
          {rows.map((row, index) => (
            <fieldset key={index} className="criterion-row">
              <legend>Critère {index + 1}</legend>
              <TextField
                id={`critere-${index}-intitule`}
                label={`Intitulé du critère ${index + 1}`}
                value={row.name}
                maxLength={200}
                onChange={(event) => change(index, { name: event.target.value })}
              />
              <TextField
                id={`critere-${index}-ponderation`}
                label={`Pondération du critère ${index + 1} (%)`}
                inputMode="numeric"
                size={4}
                value={row.weight}
                onChange={(event) => change(index, { weight: event.target.value })}
              />
              {lots.length > 0 && (
                <SelectField
                  id={`critere-${index}-lot`}
                  label={`Portée du critère ${index + 1}`}
                  value={row.lot_number == null ? "" : String(row.lot_number)}
                  onChange={(event) =>
                    change(index, { lot_number: event.target.value === "" ? null : Number(event.target.value) })
                  }
                >
                  <option value="">{scopeLabel(null)}</option>
                  {lots.map((lot) => (
                    <option key={lot.number} value={lot.number}>
                      {scopeLabel(lot.number)} — {lot.title}
                    </option>
                  ))}
                </SelectField>
              )}
              {rows.length > 1 && (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setRows(rows.filter((_, i) => i !== index))}
                >
                  Retirer le critère {index + 1}
                </button>
              )}
            </fieldset>
          ))}
          <p>
            <button type="button" className="button button-secondary" onClick={() => setRows([...rows, { ...EMPTY }])}>
              Ajouter un critère
            </button>
          </p>
          <div role="status" aria-live="polite" data-testid="criteria-sum">
            {sums.map(({ lot_number, total }) => (
              <p key={String(lot_number)} className={total === TOTAL_WEIGHT ? "meta" : "field-error"}>
                {scopeLabel(lot_number)} : total {total} %
                {total === TOTAL_WEIGHT ? "." : ` — il doit être de ${TOTAL_WEIGHT} %.`}
              </p>
            ))}
          </div>
          {tried && problems.length > 0 && (
            <div className="notice notice-error" role="alert">
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          <button type="submit" className="button" disabled={action.busy}>
            Enregistrer les critères
          </button>
        </form>
      )}
    </div>
  );
}
