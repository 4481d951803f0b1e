import { Link } from "react-router-dom";
import { PageHeading } from "../components/PageHeading";
import type { Module } from "../text";

export function ComingSoonPage({ module }: { module: Module }) {
  return (
    <>
      <PageHeading title={module.label} />
      <div className="notice notice-info">
        <p>
          <strong>Ce service est bientôt disponible.</strong> Il est en cours de construction sur
          la plate-forme.
        </p>
      </div>
      <p>{module.description}</p>
      <p>
        En attendant, consultez <Link to="/collectivites">l'annuaire des collectivités</Link> ou
        revenez à <Link to="/">l'accueil</Link>.
      </p>
    </>
  );
}
