import { useState } from "react";
import { type TenderDetail, tendersApi } from "../../../api/tenders";
import { LoadError } from "../../../components/Status";
import { useLoad } from "../../../hooks";
import { ParisTime } from "../../../tenders/components";

/** The registre des retraits: who downloaded which piece, loaded when first unfolded. */
export function DownloadRegister({ tender }: { tender: TenderDetail }) {
  const [shown, setShown] = useState(false);
  const [state] = useLoad(`register-${tender.id}-${shown}`, () =>
    shown ? tendersApi().downloadRegister(tender.id) : Promise.resolve(null),
  );
  return (
    <details onToggle={(event) => setShown((event.target as HTMLDetailsElement).open)}>
      <summary>Registre des retraits</summary>
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && (
        <div className="table-wrapper">
          <table>
            <caption>{state.data.count} retrait(s) du DCE</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Qui</th>
                <th scope="col">Pièce</th>
              </tr>
            </thead>
            <tbody>
              {state.data.results.map((row) => (
                <tr key={row.id}>
                  <td>
                    <ParisTime iso={row.at} />
                  </td>
                  <td>
                    {row.company ? `${row.company.name} (${row.company.siret})` : (row.user ?? "Anonyme")}
                  </td>
                  <td>{row.version ? `${row.version.document_title} (v${row.version.number})` : "DCE complet (ZIP)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
