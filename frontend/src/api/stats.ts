/** Network statistics (GET /api/v1/stats/?year=), public. */
import { requestJson } from "./upload";

export interface Stats {
  year: number;
  member_bodies: number;
  publishing_bodies: number;
  tenders_published: number;
  mapa_share: number | null;
  dce_downloads: number;
  electronic_bids: number;
  bids_without_certificate_share: number | null;
  dce_downloads_mapa_share?: number | null;
  acts_transmitted?: number;
  act_transmitting_bodies?: number;
  [other: string]: unknown;
}

/** One month's counts, month 1..12. */
export interface MonthRow {
  month: number;
  values: Record<string, number>;
}

const SERIES_KEYS = ["monthly", "per_month", "months", "series"] as const;

function monthNumber(value: unknown, index: number): number {
  if (typeof value === "number" && value >= 1 && value <= 12) return value;
  if (typeof value === "string") {
    const match = /^(?:\d{4}-)?(\d{1,2})(?:-\d{2})?/.exec(value);
    const month = match ? Number(match[1]) : Number.NaN;
    if (month >= 1 && month <= 12) return month;
  }
  return index + 1;
}

/**
 * The per-month series as twelve rows, whichever of the two usual shapes the API uses:
 * a list of `{month, tenders_published, …}` objects, or `{tenders_published: [12 numbers], …}`.
 * Months without data are zeros, so a chart and its table always show a full year.
 */
export function monthlyRows(stats: Stats): { rows: MonthRow[]; keys: string[] } {
  let raw: unknown;
  for (const key of SERIES_KEYS) {
    if (stats[key] !== undefined) {
      raw = stats[key];
      break;
    }
  }
  const rows: MonthRow[] = Array.from({ length: 12 }, (_, index) => ({ month: index + 1, values: {} }));
  const keys = new Set<string>();
  const put = (month: number, key: string, value: unknown) => {
    const row = rows[month - 1];
    if (row && typeof value === "number" && Number.isFinite(value)) {
      row.values[key] = value;
      keys.add(key);
    }
  };
  if (Array.isArray(raw)) {
    raw.forEach((item, index) => {
      if (typeof item !== "object" || item === null) return;
      const record = item as Record<string, unknown>;
      const month = monthNumber(record.month ?? record.period, index);
      for (const [key, value] of Object.entries(record)) {
        if (key !== "month" && key !== "period" && key !== "year") put(month, key, value);
      }
    });
  } else if (typeof raw === "object" && raw !== null) {
    for (const [key, values] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(values)) values.forEach((value, index) => put(index + 1, key, value));
      else if (typeof values === "object" && values !== null) {
        Object.entries(values as Record<string, unknown>).forEach(([month, value], index) =>
          put(monthNumber(month, index), key, value),
        );
      }
    }
  }
  for (const row of rows) for (const key of keys) row.values[key] ??= 0;
  return { rows, keys: [...keys] };
}

export const statsApi = {
  get(year: number | null): Promise<Stats> {
    return requestJson<Stats>("GET", year ? `/api/v1/stats/?year=${year}` : "/api/v1/stats/");
  },
};
