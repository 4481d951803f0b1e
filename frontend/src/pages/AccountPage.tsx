import { Link } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import { PageHeading } from "../components/PageHeading";
import { capabilitiesLabel, KIND_LABELS, platformRoleLabel, ROLE_LABELS } from "../text";

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
