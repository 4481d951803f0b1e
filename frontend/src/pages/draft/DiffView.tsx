import type { Diff } from "../../api/spaces";
import { diffRows, diffSummary } from "../../spaces/diff";

/** A line diff: colour and sign for sighted readers, a hidden word for screen readers. */
export function DiffView({ diff, caption }: { diff: Diff; caption: string }) {
  const rows = diffRows(diff.lines);
  const { inserted, deleted } = diffSummary(diff.lines);
  return (
    <figure className="diff">
      <figcaption>
        {caption} : {inserted} ligne{inserted > 1 ? "s" : ""} ajoutée{inserted > 1 ? "s" : ""},{" "}
        {deleted} ligne{deleted > 1 ? "s" : ""} supprimée{deleted > 1 ? "s" : ""}.
      </figcaption>
      {inserted + deleted === 0 ? (
        <p>Les deux textes sont identiques.</p>
      ) : (
        <div className="table-wrapper">
          <table className="diff-table">
            <thead>
              <tr>
                <th scope="col">Avant</th>
                <th scope="col">Après</th>
                <th scope="col">Ligne</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index} className={`diff-${row.kind}`}>
                  <td className="diff-number">{row.oldNumber ?? ""}</td>
                  <td className="diff-number">{row.newNumber ?? ""}</td>
                  <td className="diff-text">
                    <span aria-hidden="true" className="diff-sign">
                      {row.sign}
                    </span>
                    <span className="visually-hidden">{row.label} : </span>
                    {row.text || "\u00a0"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
