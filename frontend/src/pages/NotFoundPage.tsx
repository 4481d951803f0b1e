import { Link } from "react-router-dom";
import { PageHeading } from "../components/PageHeading";

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page introuvable" />
      <p>L'adresse demandée ne correspond à aucune page.</p>
      <p>
        <Link to="/">Revenir à l'accueil</Link>
      </p>
    </>
  );
}
