import { useState } from "react";
import { afterChoiceApi, afterChoiceLinks, type GridScope } from "../../../api/afterChoice";
import type { TenderDetail } from "../../../api/tenders";
import { ErrorSummary } from "../../../components/Forms";
import { LoadError } from "../../../components/Status";
import { useAction, useLoad } from "../../../hooks";

type Row = GridScope["rows"][number];

/** One offer's scores, criterion by criterion, saved together. */
function ScoreRow({ tender, scope, row, onSaved }: {
  tender: TenderDetail;
  scope: GridScope;
  row: Row;
  onSaved(grid: GridScope[]): void;
}) {
  const initial = Object.fromEntries(row.scores.map((s) => [s.criterion, s.score]));
  const [values, setValues] = useState<Record<number, string>>(initial);
  const action = useAction();
  const save = async () => {
    const scores = scope.criteria
      .filter((c) => (values[c.id] ?? "").trim() !== "")
      .map((c) => ({ criterion: c.id, score: (values[c.id] ?? "").replace(",", ".").trim() }));
    let grid: GridScope[] = [];
    if (await action.run(async () => (grid = await afterChoiceApi.score(tender.id, row.bid_id, scores)))) {
      onSaved(grid);
    }
  };
  return (
    <tr>
      <td>{row.rank ?? "—"}</td>
      <th scope="row">{row.company}</th>
      {scope.criteria.map((criterion) => (
        <td key={criterion.id}>
          <input
            aria-label={`Note de ${row.company} — ${criterion.name}`}
            inputMode="decimal"
            size={5}
            value={values[criterion.id] ?? ""}
            onChange={(event) => setValues({ ...values, [criterion.id]: event.target.value })}
          />
        </td>
      ))}
      <td>
        <strong>{row.total}</strong>
        {!row.complete && <span className="meta"> (incomplet)</span>}
      </td>
      <td>
        <button type="button" className="button button-secondary" disabled={action.busy} onClick={save}>
          Enregistrer les notes de {row.company}
        </button>
        <ErrorSummary error={action.error} />
      </td>
    </tr>
  );
}

/** The analysis grid of the opened offers: scores out of 10, weighted total out of 100, rank. */
export function AnalysisGrid({ tender }: { tender: TenderDetail }) {
  const [state, reload] = useLoad(`grid-${tender.id}-${tender.status}`, () => afterChoiceApi.grid(tender.id));
  const [saved, setSaved] = useState<GridScope[] | null>(null);
  if (state.status === "error") return <LoadError error={state.error} />;
  const scopes = saved ?? state.data;
  if (!scopes) return <p className="loading">Chargement de la grille…</p>;
  return (
    <div className="action-block" id="analyse">
      <h3>Analyse des offres</h3>
      {scopes.every((scope) => scope.criteria.length === 0) && (
        <p>Aucun critère d'attribution n'a été publié avec cette consultation.</p>
      )}
      {scopes.map((scope) => (
        <div className="table-wrapper" key={scope.lot_number ?? "all"}>
          <table>
            <caption>
              Grille d'analyse{scope.lot_number ? ` — lot ${scope.lot_number}` : ""} (notes sur 10, total sur 100)
            </caption>
            <thead>
              <tr>
                <th scope="col">Rang</th>
                <th scope="col">Entreprise</th>
                {scope.criteria.map((c) => (
                  <th scope="col" key={c.id}>
                    {c.name} ({c.weight} %)
                  </th>
                ))}
                <th scope="col">Total</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {scope.rows.map((row) => (
                <ScoreRow
                  key={row.bid_id}
                  tender={tender}
                  scope={scope}
                  row={row}
                  onSaved={(grid) => {
                    setSaved(grid);
                    reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p>
        <a className="button button-secondary" href={afterChoiceLinks.report(tender.id)} download>
          Rapport d'analyse des offres (PDF)
        </a>
      </p>
    </div>
  );
}
