/**
 * The contract data a buyer gives with an award (the DECP "données essentielles"). The API's
 * values are the format's own French labels, so they are shown as they are.
 *
 * Nothing is preselected: each answer is published as a fact. The one value the form fills in
 * is the grouping of a single titulaire, which can only be "Pas de groupement".
 */
import type { Schemas } from "../api/client";

export type AwardInput = Schemas["AwardInputRequest"];
export type PriceForm = Schemas["PriceFormEnum"];
export type PriceType = Schemas["PriceTypesEnum"];
export type Ccag = Schemas["CcagEnum"];
export type Technique = Schemas["TechniquesEnum"];
export type ExecutionTerm = Schemas["ExecutionTermsEnum"];
export type SocialConsideration = Schemas["SocialConsiderationsEnum"];
export type EnvironmentalConsideration = Schemas["EnvironmentalConsiderationsEnum"];
export type GroupingType = Schemas["GroupingTypeEnum"];

/** Every value of an API list, in the format's order; the compiler checks none is missing. */
const every = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];

export const PRICE_FORMS = every<PriceForm>({ Unitaire: true, Forfaitaire: true, Mixte: true });
export const PRICE_TYPES = every<PriceType>({
  "Définitif ferme": true,
  "Définitif actualisable": true,
  "Définitif révisable": true,
  Provisoire: true,
});
export const CCAGS = every<Ccag>({
  Travaux: true,
  "Maitrise d'œuvre": true,
  "Fournitures courantes et services": true,
  "Marchés industriels": true,
  "Prestations intellectuelles": true,
  "Techniques de l'information et de la communication": true,
  "Pas de CCAG": true,
});
export const TECHNIQUES = every<Technique>({
  "Accord-cadre": true,
  Concours: true,
  "Système de qualification": true,
  "Système d'acquisition dynamique": true,
  "Catalogue électronique": true,
  "Enchère électronique": true,
  "Sans objet": true,
});
export const EXECUTION_TERMS = every<ExecutionTerm>({
  Tranches: true,
  "Bons de commande": true,
  "Marchés subséquents": true,
  "Sans objet": true,
});
export const SOCIAL = every<SocialConsideration>({
  "Clause sociale": true,
  "Critère social": true,
  "Marché réservé": true,
  "Pas de considération sociale": true,
});
export const ENVIRONMENTAL = every<EnvironmentalConsideration>({
  "Clause environnementale": true,
  "Critère environnemental": true,
  "Pas de considération environnementale": true,
});
export const NO_GROUPING: GroupingType = "Pas de groupement";
export const GROUPINGS: GroupingType[] = ["Conjoint", "Solidaire"];

/** The "none" value of each list, which stands alone. */
export const NONE = {
  techniques: "Sans objet",
  executionTerms: "Sans objet",
  social: "Pas de considération sociale",
  environmental: "Pas de considération environnementale",
} as const;

export interface ContractState {
  duration: string;
  priceForm: PriceForm | "";
  priceTypes: PriceType[];
  ccag: Ccag | "";
  techniques: Technique[];
  executionTerms: ExecutionTerm[];
  innovative: boolean | null;
  subcontracting: boolean | null;
  advance: boolean | null;
  /** As typed, in percent ("5", "12,5"). */
  advancePercent: string;
  social: SocialConsideration[];
  environmental: EnvironmentalConsideration[];
  /** Chosen for several titulaires only. */
  grouping: GroupingType | "";
}

export const emptyContract = (): ContractState => ({
  duration: "",
  priceForm: "",
  priceTypes: [],
  ccag: "",
  techniques: [],
  executionTerms: [],
  innovative: null,
  subcontracting: null,
  advance: null,
  advancePercent: "",
  social: [],
  environmental: [],
  grouping: "",
});

/**
 * A checkbox list's new value where `none` stands alone: ticking it clears the others, ticking
 * another clears it. `next` is the list after the click (what CheckboxGroup gives).
 */
export function exclusiveChoice<T extends string>(previous: readonly T[], next: T[], none: T): T[] {
  const added = next.filter((value) => !previous.includes(value));
  if (added.includes(none)) return [none];
  return added.length > 0 ? next.filter((value) => value !== none) : next;
}

/** "5" or "12,5" (percent) -> "0.0500" / "0.1250" (the API's 0..1 rate); unreadable: as typed. */
export function percentToRate(percent: string): string {
  const text = percent.trim().replace(",", ".").replace(/\s|%/g, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return percent.trim();
  const hundredths = Math.round(Number(text) * 100);
  return (hundredths / 10000).toFixed(4);
}

/** "0.0500" -> "5 %", "0.1250" -> "12,5 %" (French spacing). */
export function formatRate(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate === "") return "";
  const value = Number(rate);
  if (!Number.isFinite(value)) return rate;
  return new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 2 }).format(value);
}

type ContractPayload = Omit<AwardInput, "lot_number" | "amount" | "notification_date" | "companies">;

/**
 * The contract fields of an award request. Unanswered fields are sent as they are (empty,
 * null): the API names each one, and the form shows the message beside it.
 */
export function contractPayload(state: ContractState, titulaires: number): ContractPayload {
  const unanswered = null as never;
  return {
    duration_months: state.duration.trim() === "" ? unanswered : Number(state.duration),
    price_form: state.priceForm || unanswered,
    price_types: state.priceTypes,
    ccag: state.ccag || unanswered,
    techniques: state.techniques,
    execution_terms: state.executionTerms,
    innovative: state.innovative ?? unanswered,
    subcontracting_declared: state.subcontracting ?? unanswered,
    advance_granted: state.advance ?? unanswered,
    advance_rate: state.advance ? percentToRate(state.advancePercent) : null,
    social_considerations: state.social,
    environmental_considerations: state.environmental,
    grouping_type: titulaires <= 1 ? NO_GROUPING : state.grouping || unanswered,
  };
}
