import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/endpoints";
import { useAuth } from "../auth/AuthContext";
import { ErrorSummary } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { useAction } from "../hooks";
import { capabilitiesLabel, KIND_LABELS, platformRoleLabel, ROLE_LABELS } from "../text";

/** Invitations to join a collectivité, sent by its referents: nothing changes until I accept. */
function Invitations() {
  const { me, refresh } = useAuth();
  const { busy, error, run } = useAction();
  const [message, setMessage] = useState("");
  const invitations = me?.invitations ?? [];

  async function accept(id: number, name: string) {
    const done = await run(() => api().acceptInvitation(id));
    if (done) {
      setMessage(`Vous êtes maintenant membre de ${name}.`);
      await refresh();
    }
  }

  return (
    <section aria-labelledby="invitations">
      <div role="status" aria-live="polite">
        {message && <p className="notice notice-success">{message}</p>}
      </div>
      {invitations.length > 0 && (
        <>
          <h2 id="invitations">Invitations à rejoindre une collectivité</h2>
          <ErrorSummary error={error} />
          <ul>
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.collectivite.name} — {ROLE_LABELS[invitation.role ?? "agent"]}
                {invitation.capabilities.length > 0 &&
                  ` (${capabilitiesLabel(invitation.capabilities)})`}{" "}
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void accept(invitation.id, invitation.collectivite.name)}
                >
                  Accepter l'invitation de {invitation.collectivite.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function AccountPage() {
  const { me } = useAuth();
  if (!me) return null; // RequireAuth renders this page for signed-in users only
  const roles = me.platform_roles.map(platformRoleLabel);
  if (me.is_superuser) roles.push("Administrateur technique");

  return (
    <>
      <PageHeading title="Mon compte" />
      <section aria-labelledby="identite">
        <h2 id="identite">Identité</h2>
        <dl className="details">
          <dt>Nom</dt>
          <dd>{me.display_name}</dd>
          <dt>Identifiant</dt>
          <dd>{me.username}</dd>
          <dt>Adresse électronique</dt>
          <dd>{me.email || "Non renseignée"}</dd>
          {me.company && (
            <>
              <dt>Entreprise</dt>
              <dd>
                {me.company.name} (SIRET {me.company.siret})
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="roles">
        <h2 id="roles">Rôles sur la plate-forme</h2>
        {roles.length > 0 ? (
          <ul>
            {roles.map((role) => (
              <li key={role}>{role}</li>
            ))}
          </ul>
        ) : (
          <p>Aucun rôle particulier sur la plate-forme.</p>
        )}
      </section>

      <Invitations />

      <section aria-labelledby="adhesions">
        <h2 id="adhesions">Mes collectivités</h2>
        {me.memberships.length === 0 ? (
          <p>Vous n'êtes membre d'aucune collectivité.</p>
        ) : (
          <div className="table-wrapper">
            <table>
              <caption className="visually-hidden">Collectivités dont vous êtes membre</caption>
              <thead>
                <tr>
                  <th scope="col">Collectivité</th>
                  <th scope="col">Nature</th>
                  <th scope="col">Département</th>
                  <th scope="col">Rôle</th>
                  <th scope="col">Capacités</th>
                </tr>
              </thead>
              <tbody>
                {me.memberships.map((membership) => (
                  <tr key={membership.id}>
                    <th scope="row">
                      <Link to={`/collectivites/${membership.collectivite.id}`}>
                        {membership.collectivite.name}
                      </Link>
                    </th>
                    <td>{KIND_LABELS[membership.collectivite.kind]}</td>
                    <td>{membership.collectivite.departement_code}</td>
                    <td>{ROLE_LABELS[membership.role ?? "agent"]}</td>
                    <td>{capabilitiesLabel(membership.capabilities)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
