import { Link } from "react-router-dom";
import { bidsApi } from "../../api/bids";
import { tendersApi } from "../../api/tenders";
import { useAuth } from "../../auth/AuthContext";
import { ErrorSummary } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { ParisTime, Section } from "../../tenders/components";
import { notificationLabel } from "../../tenders/labels";
import { Receipt } from "./BidSection";
import { SavedSearches } from "./SavedSearches";

function Notifications() {
  const [state, reload] = useLoad("my-notifications", () => tendersApi().notifications());
  const action = useAction();
  const unread = (state.data?.results ?? []).filter((n) => !n.read_at).length;
  return (
    <Section id="notifications" title="Mes notifications">
      {state.status === "error" && <LoadError error={state.error} />}
      <ErrorSummary error={action.error} />
      {state.data && state.data.count === 0 && <p>Aucune notification.</p>}
      {state.data && state.data.results.length > 0 && (
        <>
          {unread > 0 && (
            <p>
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={action.busy}
                onClick={async () => {
                  if (await action.run(() => tendersApi().markNotificationsRead())) reload();
                }}
              >
                Tout marquer comme lu
              </button>
            </p>
          )}
          <ul className="notifications">
            {state.data.results.map((notification) => (
              <li key={notification.id} className={notification.read_at ? "read" : "unread"}>
                <strong>{notificationLabel(notification.kind)}</strong>
                {!notification.read_at && <span className="badge">non lue</span>} —{" "}
                <ParisTime iso={notification.created_at} />
                <p>{notification.message}</p>
                {notification.tender && <Link to={`/marches/${notification.tender}`}>Voir la consultation</Link>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function Downloads() {
  const [state] = useLoad("my-downloads", () => tendersApi().myDownloads());
  return (
    <Section id="retraits" title="Mes retraits de DCE">
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && state.data.count === 0 && <p>Vous n'avez encore retiré aucun DCE en étant connecté·e.</p>}
      {state.data && state.data.results.length > 0 && (
        <div className="table-wrapper">
          <table>
            <caption className="visually-hidden">Mes retraits de DCE</caption>
            <thead>
              <tr>
                <th scope="col">Consultation</th>
                <th scope="col">Acheteur</th>
                <th scope="col">Pièce</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {state.data.results.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <Link to={`/marches/${row.tender.id}`}>
                      {row.tender.reference} — {row.tender.title}
                    </Link>
                  </th>
                  <td>{row.tender.buyer.name}</td>
                  <td>{row.version ? `${row.version.document_title || row.version.name} (v${row.version.number})` : "DCE complet (ZIP)"}</td>
                  <td>
                    <ParisTime iso={row.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Bids() {
  const [state] = useLoad("my-bids", () => bidsApi().mine());
  return (
    <Section id="plis" title="Mes plis et accusés de réception">
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && state.data.length === 0 && <p>Aucun pli déposé.</p>}
      {state.data?.map((bid) => (
        <div key={bid.id}>
          <p>
            <Link to={`/marches/${bid.tender.id}`}>
              {bid.tender.reference} — {bid.tender.title}
            </Link>
          </p>
          <Receipt bid={bid} />
        </div>
      ))}
    </Section>
  );
}

export function MyTendersPage() {
  const { me } = useAuth();
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/marches">Salle des marchés</Link> › Mon espace
      </nav>
      <PageHeading title="Mon espace marchés" />
      <Notifications />
      <Downloads />
      {me?.company && <Bids />}
      {me?.company && <SavedSearches />}
    </>
  );
}
