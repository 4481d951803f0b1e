import type { TenderDetail } from "../../api/tenders";
import { Section } from "../../tenders/components";
import { formatRate } from "../../tenders/contract";
import { formatEuros } from "../../tenders/format";

type Award = TenderDetail["awards"][number];

const yesNo = (value: boolean | null | undefined) => (value ? "Oui" : "Non");
const list = (values: readonly string[] | null | undefined) => (values ?? []).join(", ");
const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });

/** The contract data as recorded (rows of the award's list); older awards have none. */
function ContractData({ award }: { award: Award }) {
  if (award.duration_months === null || award.duration_months === undefined) {
    return (
      <>
        <dt>Données du marché</dt>
        <dd>Non renseignées : l'attribution a été enregistrée avant qu'elles soient demandées.</dd>
      </>
    );
  }
  return (
    <>
      <dt>Durée</dt>
      <dd>{award.duration_months} mois</dd>
      <dt>Forme du prix</dt>
      <dd>{award.price_form}</dd>
      <dt>Types de prix</dt>
      <dd>{list(award.price_types)}</dd>
      <dt>CCAG de référence</dt>
      <dd>{award.ccag}</dd>
      <dt>Techniques d'achat</dt>
      <dd>{list(award.techniques)}</dd>
      <dt>Modalités d'exécution</dt>
      <dd>{list(award.execution_terms)}</dd>
      <dt>Marché innovant</dt>
      <dd>{yesNo(award.innovative)}</dd>
      <dt>Sous-traitance déclarée</dt>
      <dd>{yesNo(award.subcontracting_declared)}</dd>
      <dt>Avance</dt>
      <dd>{award.advance_granted ? `Oui, ${formatRate(award.advance_rate)}` : "Non"}</dd>
      <dt>Considérations sociales</dt>
      <dd>{list(award.social_considerations)}</dd>
      <dt>Considérations environnementales</dt>
      <dd>{list(award.environmental_considerations)}</dd>
      <dt>Groupement</dt>
      <dd>{award.grouping_type}</dd>
    </>
  );
}

/** The result of an awarded tender: public, like the tender and its open data. */
export function AwardsSection({ tender }: { tender: TenderDetail }) {
  if (tender.awards.length === 0) return null;
  const lotTitle = (number: number | null | undefined) =>
    tender.lots.find((lot) => lot.number === number)?.title ?? "";
  return (
    <Section id="attribution" title="Attribution">
      {tender.awards.map((award, index) => (
        <div key={award.lot_number ?? `award-${index}`}>
          {award.lot_number && (
            <h3>
              Lot {award.lot_number} — {lotTitle(award.lot_number)}
            </h3>
          )}
          <dl className="details award-data">
            <dt>Montant</dt>
            <dd>{formatEuros(award.amount)}</dd>
            <dt>Notification</dt>
            <dd>{award.notification_date ? day.format(new Date(award.notification_date)) : "—"}</dd>
            <dt>{award.companies.length > 1 ? "Titulaires" : "Titulaire"}</dt>
            <dd>
              {award.companies.map((company) => `${company.name} (SIRET ${company.siret})`).join(" ; ")}
            </dd>
            <ContractData award={award} />
          </dl>
        </div>
      ))}
    </Section>
  );
}
