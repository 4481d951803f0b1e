/**
 * French UI text that depends on API values. Kept in one place (not an i18n framework: the
 * platform is French-only) so labels stay consistent between pages.
 */
import type { Capability, Kind, Role } from "./api/client";
import type { DraftStatus, SpaceRole, Who } from "./api/spaces";

export const APP_NAME = "e-Partage";

export const KIND_LABELS: Record<Kind, string> = {
  commune: "Commune",
  epci: "EPCI",
  departement: "Département",
  region: "Région",
  syndicat: "Syndicat",
  etablissement_public: "Établissement public",
};

export const ROLE_LABELS: Record<Role, string> = {
  agent: "Agent",
  referent: "Référent",
};

export const CAPABILITY_LABELS: Record<Capability, string> = {
  buyer: "Acheteur",
  act_officer: "Télétransmission des actes",
  accountant: "Flux comptables (Hélios)",
};

export const CAPABILITIES = Object.keys(CAPABILITY_LABELS) as Capability[];
export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const KINDS = Object.keys(KIND_LABELS) as Kind[];

const PLATFORM_ROLE_LABELS: Record<string, string> = {
  network_animator: "Animateur réseau",
  forum_moderator: "Modérateur de forum",
  prefecture_agent: "Agent de préfecture (simulée)",
};

export function platformRoleLabel(role: string): string {
  return PLATFORM_ROLE_LABELS[role] ?? role;
}

export function capabilitiesLabel(capabilities: readonly Capability[]): string {
  return capabilities.length === 0
    ? "Aucune"
    : capabilities.map((capability) => CAPABILITY_LABELS[capability]).join(", ");
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeZone: "Europe/Paris",
});

/** "2008-01-15" (a calendar date, no time zone) -> "15 janvier 2008". */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return dateFormat.format(new Date(Date.UTC(year, month - 1, day, 12)));
}

/** "0 collectivité", "1 collectivité", "12 collectivités" (French: 0 and 1 are singular). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("fr-FR")} ${count > 1 ? pluralForm : singular}`;
}

export const SPACE_ROLE_LABELS: Record<SpaceRole, string> = {
  editor: "Rédaction",
  reader: "Lecture",
};

export const DRAFT_STATUS_LABELS: Record<DraftStatus, string> = {
  writing: "En rédaction",
  review: "En relecture",
  approved: "Approuvé",
  published: "Publié",
};

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});

/** An API timestamp ("2026-03-01T09:30:00Z") in Paris time: "1 mars 2026, 10:30". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** A person as the API gives them (a {display_name} reference, a name, or nothing). */
export function whoName(who: Who | undefined): string {
  if (who === null || who === undefined) return "—";
  if (typeof who === "object") return who.display_name;
  return String(who);
}

export interface Module {
  path: string;
  label: string;
  description: string;
  available: boolean;
}

/** The platform's modules, in navigation order; unavailable ones lead to a "bientôt" page. */
export const MODULES: Module[] = [
  { path: "/", label: "Accueil", description: "Vue d'ensemble de la plate-forme.", available: true },
  {
    path: "/collectivites",
    label: "Annuaire des collectivités",
    description: "Les collectivités membres du réseau et leurs référents.",
    available: true,
  },
  {
    path: "/espaces",
    label: "Espaces de rédaction",
    description: "Rédiger à plusieurs, en temps réel, les pièces d'une consultation.",
    available: true,
  },
  {
    path: "/marches",
    label: "Salle des marchés",
    description: "Publier les consultations, retirer les dossiers, déposer les offres.",
    available: true,
  },
  {
    path: "/actes",
    label: "Actes",
    description: "Transmettre les actes au contrôle de légalité de la préfecture.",
    available: true,
  },
  {
    path: "/forums",
    label: "Forums",
    description: "Échanger entre agents du réseau, en public ou entre collectivités.",
    available: true,
  },
  {
    path: "/base-documentaire",
    label: "Base documentaire",
    description: "Guides, clauses types et modules de formation du réseau.",
    available: true,
  },
  {
    path: "/statistiques",
    label: "Statistiques",
    description: "L'activité du réseau en chiffres, année par année.",
    available: true,
  },
];
