import { useState } from "react";
import { Link } from "react-router-dom";
import { ACT_STATUS_LABELS, type ActStatus, actsApi } from "../../api/acts";
import { useAuth } from "../../auth/AuthContext";
import { SelectField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useLoad } from "../../hooks";
import { ActStatusBadge, bodiesWith, formatDay } from "./common";

/** The acts of my collectivités (for the prefecture's agents: every transmitted act). */
export function ActsPage() {
  const { me } = useAuth();
  const [status, setStatus] = useState<ActStatus | "">("");
  const [page, setPage] = useState(1);
  const [state] = useLoad(`${status}|${page}`, () =>
    actsApi.list({ ...(status ? { status } : {}), page }),
  );
  const officer = bodiesWith(me, "act_officer").length > 0;
  const accountant = bodiesWith(me, "accountant").length > 0;
  return (
    <>
      <PageHeading title="Actes transmis en préfecture" />
      <p>
        Les délibérations, arrêtés et contrats de vos collectivités, transmis au contrôle de
        légalité (@CTES) et suivis jusqu'à l'accusé de réception.
      </p>
      <p className="actions">
        {officer && (
          <Link className="button" to="/actes/nouveau">
            Déposer un acte
          </Link>
        )}{" "}
        {accountant && (
          <Link className="button button-secondary" to="/actes/flux-comptables">
            Flux comptables (Hélios)
          </Link>
        )}
      </p>
      <SelectField
        id="filtre-etat"
        label="État"
        value={status}
        onChange={(event) => {
          setStatus(event.target.value as ActStatus | "");
          setPage(1);
        }}
      >
        <option value="">Tous</option>
        {Object.entries(ACT_STATUS_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data === undefined ? (
        state.status === "loading" && <Loading />
      ) : state.data.count === 0 ? (
        <p>Aucun acte.</p>
      ) : (
        <>
          <p role="status">
            {state.data.count_exact === false ? "plus de " : ""}
            {state.data.count} acte(s)
          </p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Numéro</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Collectivité</th>
                  <th scope="col">Décision</th>
                  <th scope="col">État</th>
                </tr>
              </thead>
              <tbody>
                {state.data.results.map((act) => (
                  <tr key={act.id}>
                    <td>
                      <Link to={`/actes/${act.id}`}>{act.number}</Link>
                    </td>
                    <td>{act.object}</td>
                    <td>{act.collectivite.name}</td>
                    <td>{formatDay(act.decision_date)}</td>
                    <td>
                      <ActStatusBadge status={act.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="pager">
            {state.data.previous && (
              <button type="button" className="button button-secondary" onClick={() => setPage(page - 1)}>
                Page précédente
              </button>
            )}{" "}
            {state.data.next && (
              <button type="button" className="button button-secondary" onClick={() => setPage(page + 1)}>
                Page suivante
              </button>
            )}
          </p>
        </>
      )}
    </>
  );
}
