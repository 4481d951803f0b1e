/**
 * Formatting for the tender room. Deadlines are legal instants: they are always shown, and
 * typed, in Paris time whatever the browser's own time zone is (a company in Guadeloupe and a
 * buyer in Brest must read the same "12 h 00").
 */

export const PARIS = "Europe/Paris";

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: PARIS,
});

const dateOnlyFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: PARIS });

/** "2026-03-01T09:30:00Z" -> "1 mars 2026 à 10:30" (Paris time); "" for nothing. */
export function formatParis(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** The calendar day of an instant, in Paris: "1 mars 2026". */
export function formatParisDay(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnlyFormat.format(date);
}

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: PARIS,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Paris wall-clock fields of an instant. */
function parisParts(date: Date): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return parts;
}

/** Milliseconds Paris is ahead of UTC at that instant (3 600 000 in winter, 7 200 000 in summer). */
function parisOffset(epochMs: number): number {
  const p = parisParts(new Date(epochMs));
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const pad = (value: number | undefined) => String(value ?? 0).padStart(2, "0");

/** An API instant as the value of an <input type="datetime-local"> in Paris time. */
export function toParisInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const p = parisParts(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * "2026-03-29T02:30" typed as Paris time -> the UTC instant, ISO ("…Z"); null if unreadable.
 * Two passes find the offset in force at that wall-clock time, also around DST changes.
 */
export function fromParisInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0"] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  if (Number.isNaN(wall)) return null;
  let utc = wall - parisOffset(wall);
  utc = wall - parisOffset(utc);
  return new Date(utc).toISOString();
}

/** The first instant of a Paris calendar day ("2026-03-01" -> 2026-02-28T23:00:00.000Z). */
export function parisDayStart(day: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? fromParisInput(`${day}T00:00`) : null;
}

/** The last minute of a Paris calendar day, so a "before" filter includes the whole day. */
export function parisDayEnd(day: string): string | null {
  const start = parisDayStart(day);
  if (!start) return null;
  const next = parisDayStart(nextDay(day));
  return next ? new Date(new Date(next).getTime() - 1000).toISOString() : null;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1));
  return date.toISOString().slice(0, 10);
}

const euros = new Intl.NumberFormat("fr-FR", {
  style: "currency",
  currency: "EUR",
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});

/** "150000.00" -> "150 000 € HT" (the API sends decimals as strings). */
export function formatEuros(amount: string | number | null | undefined, suffix = " HT"): string {
  if (amount === null || amount === undefined || amount === "") return "";
  const value = typeof amount === "number" ? amount : Number(amount);
  return Number.isFinite(value) ? `${euros.format(value)}${suffix}` : String(amount);
}

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });

/** A share 0..1 -> "58 %" (French: a narrow no-break space before %); "—" when unknown. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return percent.format(share);
}

/** 1536 -> "1,5 Ko" (French units: octets). */
export function formatBytes(size: number | null | undefined): string {
  if (size === null || size === undefined || !Number.isFinite(size)) return "";
  const units = ["octets", "Ko", "Mo", "Go", "To"];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString("fr-FR", { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** Whether an instant is still ahead (by the browser's clock: the server decides in the end). */
export function isFuture(iso: string | null | undefined, now: Date = new Date()): boolean {
  if (!iso) return false;
  const time = new Date(iso).getTime();
  return Number.isFinite(time) && time > now.getTime();
}
