import { Link, useLocation } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import { PageHeading } from "../components/PageHeading";
import { APP_NAME, MODULES } from "../text";

export function HomePage() {
  const { me } = useAuth();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  return (
    <>
      <PageHeading title={APP_NAME}>Bienvenue sur {APP_NAME}</PageHeading>
      {flash && (
        <div className="notice notice-success" role="status">
          <p>{flash}</p>
        </div>
      )}
      <p className="lead">
        {me ? `Bonjour ${me.display_name}. ` : ""}
        La plate-forme collaborative des collectivités du réseau : rédiger ensemble, acheter,
        transmettre les actes et partager les connaissances.
      </p>
      {!me && (
        <p>
          <Link to="/connexion">Connectez-vous</Link> pour accéder aux espaces de votre
          collectivité. L'annuaire des collectivités est ouvert à tous.
        </p>
      )}
      <h2>Les services</h2>
      <ul className="cards">
        {MODULES.filter((module) => module.path !== "/").map((module) => (
          <li key={module.path} className="card">
            <h3>
              <Link to={module.path}>{module.label}</Link>
            </h3>
            <p>{module.description}</p>
            {!module.available && <p className="badge">bientôt disponible</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
