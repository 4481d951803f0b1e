/**
 * The tender list's filters live in the page's URL (shareable, restored by the back button),
 * in French parameter names; the API takes its own names, and instants rather than days.
 * Unknown or malformed values in a hand-edited URL are dropped rather than sent as 400s.
 */
import { parisDayEnd, parisDayStart } from "./format";

export const STATUSES = [
  "draft",
  "published",
  "closed",
  "opened",
  "awarded",
  "unsuccessful",
  "cancelled",
] as const;
export const PROCEDURES = [
  "mapa",
  "appel_offres_ouvert",
  "appel_offres_restreint",
  "negociation",
  "dialogue_competitif",
  "sans_publicite",
] as const;
export const NATURES = ["travaux", "fournitures", "services"] as const;

export type TenderStatus = (typeof STATUSES)[number];
export type Procedure = (typeof PROCEDURES)[number];
export type Nature = (typeof NATURES)[number];

export interface TenderFilters {
  q: string;
  status: TenderStatus | "";
  procedure: Procedure | "";
  nature: Nature | "";
  cpv: string;
  buyer: number | null;
  departement: string;
  /** Calendar days (YYYY-MM-DD) in Paris time, inclusive. */
  deadlineFrom: string;
  deadlineTo: string;
  mine: boolean;
  page: number;
}

export const EMPTY_FILTERS: TenderFilters = {
  q: "",
  status: "",
  procedure: "",
  nature: "",
  cpv: "",
  buyer: null,
  departement: "",
  deadlineFrom: "",
  deadlineTo: "",
  mine: false,
  page: 1,
};

/** URL parameter of each filter (French, as the rest of the UI). */
const PARAM: Record<Exclude<keyof TenderFilters, "page">, string> = {
  q: "q",
  status: "statut",
  procedure: "procedure",
  nature: "nature",
  cpv: "cpv",
  buyer: "acheteur",
  departement: "departement",
  deadlineFrom: "limite_apres",
  deadlineTo: "limite_avant",
  mine: "mes_collectivites",
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | "" {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : "";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const CPV_PREFIX = /^[0-9]{1,8}(-[0-9]?)?$/;
const DEPARTEMENT = /^(?:[0-9]{2,3}|2[AB])$/i;

export function filtersFromParams(params: URLSearchParams): TenderFilters {
  const day = (name: string) => {
    const value = params.get(name) ?? "";
    return DAY.test(value) ? value : "";
  };
  const buyer = Number.parseInt(params.get(PARAM.buyer) ?? "", 10);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const cpv = (params.get(PARAM.cpv) ?? "").trim();
  const departement = (params.get(PARAM.departement) ?? "").trim().toUpperCase();
  return {
    q: (params.get(PARAM.q) ?? "").trim(),
    status: oneOf(STATUSES, params.get(PARAM.status)),
    procedure: oneOf(PROCEDURES, params.get(PARAM.procedure)),
    nature: oneOf(NATURES, params.get(PARAM.nature)),
    cpv: CPV_PREFIX.test(cpv) ? cpv : "",
    buyer: Number.isInteger(buyer) && buyer > 0 ? buyer : null,
    departement: DEPARTEMENT.test(departement) ? departement : "",
    deadlineFrom: day(PARAM.deadlineFrom),
    deadlineTo: day(PARAM.deadlineTo),
    mine: params.get(PARAM.mine) === "1",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Only the filters that are set, in a stable order; page 1 is implicit. */
export function filtersToParams(filters: TenderFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string) => {
    if (value.trim()) params.set(name, value.trim());
  };
  set(PARAM.q, filters.q);
  set(PARAM.status, filters.status);
  set(PARAM.procedure, filters.procedure);
  set(PARAM.nature, filters.nature);
  set(PARAM.cpv, filters.cpv);
  set(PARAM.buyer, filters.buyer ? String(filters.buyer) : "");
  set(PARAM.departement, filters.departement);
  set(PARAM.deadlineFrom, filters.deadlineFrom);
  set(PARAM.deadlineTo, filters.deadlineTo);
  if (filters.mine) params.set(PARAM.mine, "1");
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

export function isFiltered(filters: TenderFilters): boolean {
  return filtersToParams({ ...filters, page: 1 }).toString() !== "";
}

export interface TenderApiQuery {
  q?: string;
  status?: TenderStatus;
  procedure?: Procedure;
  nature?: Nature;
  cpv?: string;
  buyer?: number;
  departement?: string;
  deadline_after?: string;
  deadline_before?: string;
  mine?: boolean;
  page?: number;
  page_size?: number;
}

/** The API's query: days become instants (start and end of the day in Paris). */
export function filtersToApiQuery(filters: TenderFilters, pageSize: number): TenderApiQuery {
  const query: TenderApiQuery = { page_size: pageSize };
  if (filters.q) query.q = filters.q;
  if (filters.status) query.status = filters.status;
  if (filters.procedure) query.procedure = filters.procedure;
  if (filters.nature) query.nature = filters.nature;
  if (filters.cpv) query.cpv = filters.cpv;
  if (filters.buyer) query.buyer = filters.buyer;
  if (filters.departement) query.departement = filters.departement;
  const after = filters.deadlineFrom ? parisDayStart(filters.deadlineFrom) : null;
  const before = filters.deadlineTo ? parisDayEnd(filters.deadlineTo) : null;
  if (after) query.deadline_after = after;
  if (before) query.deadline_before = before;
  if (filters.mine) query.mine = true;
  if (filters.page > 1) query.page = filters.page;
  return query;
}
