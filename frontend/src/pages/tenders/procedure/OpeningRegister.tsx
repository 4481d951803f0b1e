import { type DepositRegister, procedureApi, procedureLinks } from "../../../api/procedure";
import type { TenderDetail } from "../../../api/tenders";
import { LoadError } from "../../../components/Status";
import { useLoad } from "../../../hooks";
import { ParisTime, Section } from "../../../tenders/components";
import { formatBytes } from "../../../tenders/format";

const STATES: Record<string, string> = {
  current: "Dernier dépôt",
  replaced: "Remplacé",
  refused_late: "Refusé (hors délai)",
};

/** The buyer's opening session and registre des dépôts, with the PV to download. */
export function OpeningRegister({ tender }: { tender: TenderDetail }) {
  const after = ["closed", "opened", "awarded", "unsuccessful"].includes(tender.status ?? "");
  const [state] = useLoad(`register-${tender.id}-${tender.status}`, () =>
    after ? procedureApi().register(tender.id) : Promise.resolve(null as DepositRegister | null),
  );
  if (!after) return null;
  return (
    <Section id="registre" title="Ouverture des plis et registre des dépôts">
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && <RegisterBody tender={tender} register={state.data} />}
    </Section>
  );
}

function RegisterBody({ tender, register }: { tender: TenderDetail; register: DepositRegister }) {
  return (
    <>
      {register.sessions.length === 0 ? (
        <p>Séance d'ouverture : pas encore tenue.</p>
      ) : (
        <ul>
          {register.sessions.map((session) => (
            <li key={session.opened_at}>
              Séance d'ouverture du <ParisTime iso={session.opened_at} /> par {session.opened_by} :
              plis n° {session.deposits.join(", ") || "aucun"} ouverts.
            </li>
          ))}
        </ul>
      )}
      {register.sessions.length > 0 && (
        <p>
          <a className="button button-secondary" href={procedureLinks.pv(tender.id)} download>
            Télécharger le procès-verbal d'ouverture (PDF)
          </a>
        </p>
      )}
      <div className="table-wrapper">
        <table>
          <caption>Registre des dépôts ({register.deposits.length})</caption>
          <thead>
            <tr>
              <th scope="col">Reçu le</th>
              <th scope="col">Nature</th>
              <th scope="col">Entreprise</th>
              <th scope="col">État</th>
              <th scope="col">Fichiers (SHA-256)</th>
            </tr>
          </thead>
          <tbody>
            {register.deposits.map((entry) => (
              <tr key={`${entry.kind}-${entry.state}-${entry.id}`}>
                <td>
                  <ParisTime iso={entry.received_at} />
                </td>
                <td>{entry.kind}</td>
                <td>{entry.company ? `${entry.company.name} (${entry.company.siret})` : "—"}</td>
                <td>
                  {STATES[entry.state] ?? entry.state}
                  {entry.opened ? " — ouvert" : ""}
                </td>
                <td>
                  <ul className="plain">
                    {entry.files.map((file) => (
                      <li key={file.name + file.sha256}>
                        {file.name} ({formatBytes(file.size)})
                        {file.sha256 && (
                          <>
                            {" "}
                            <code className="hash">{file.sha256}</code>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
