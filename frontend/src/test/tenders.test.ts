import { describe, expect, it } from "vitest";
import { monthlyRows, type Stats } from "../api/stats";
import { progressPercent } from "../api/upload";
import {
  EMPTY_FILTERS,
  filtersFromParams,
  filtersToApiQuery,
  filtersToParams,
  isFiltered,
} from "../tenders/filters";
import {
  formatBytes,
  formatEuros,
  formatParis,
  formatShare,
  fromParisInput,
  parisDayEnd,
  parisDayStart,
  toParisInput,
} from "../tenders/format";

// A narrow no-break space (U+202F) or a no-break space (U+00A0) separate French numbers.
const spaces = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("Paris time", () => {
  it("shows instants in Paris time, winter and summer", () => {
    expect(formatParis("2026-01-15T11:00:00Z")).toBe("15 janvier 2026 à 12:00");
    expect(formatParis("2026-07-01T10:00:00Z")).toBe("1 juillet 2026 à 12:00");
    expect(formatParis(null)).toBe("");
    expect(formatParis("n'importe quoi")).toBe("n'importe quoi");
  });

  it("reads datetime-local input as Paris time, whatever the browser's zone", () => {
    expect(fromParisInput("2026-01-15T12:00")).toBe("2026-01-15T11:00:00.000Z");
    expect(fromParisInput("2026-07-01T12:00")).toBe("2026-07-01T10:00:00.000Z");
    // The night of the change to summer time (29 March 2026, 02:00 -> 03:00) and back.
    expect(fromParisInput("2026-03-29T01:30")).toBe("2026-03-29T00:30:00.000Z");
    expect(fromParisInput("2026-03-29T03:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(fromParisInput("2026-10-25T04:00")).toBe("2026-10-25T03:00:00.000Z");
    expect(fromParisInput("")).toBeNull();
    expect(fromParisInput("15/01/2026")).toBeNull();
  });

  it("writes instants back as datetime-local values (round trip)", () => {
    expect(toParisInput("2026-01-15T11:00:00Z")).toBe("2026-01-15T12:00");
    expect(toParisInput("2026-07-01T21:45:00Z")).toBe("2026-07-01T23:45");
    for (const value of ["2026-02-28T23:59", "2026-06-15T00:00", "2027-12-31T18:30"]) {
      expect(toParisInput(fromParisInput(value))).toBe(value);
    }
    expect(toParisInput(null)).toBe("");
  });

  it("turns a calendar day into its first and last instants in Paris", () => {
    expect(parisDayStart("2026-03-01")).toBe("2026-02-28T23:00:00.000Z");
    expect(parisDayEnd("2026-03-01")).toBe("2026-03-01T22:59:59.000Z");
    expect(parisDayEnd("2026-07-31")).toBe("2026-07-31T21:59:59.000Z");
    expect(parisDayStart("2026-3-1")).toBeNull();
  });
});

describe("numbers", () => {
  it("formats euros HT, shares and sizes the French way", () => {
    expect(spaces(formatEuros("150000.00"))).toBe("150 000 € HT");
    expect(spaces(formatEuros("1234.5"))).toBe("1 234,5 € HT");
    expect(formatEuros(null)).toBe("");
    expect(spaces(formatShare(0.58))).toBe("58 %");
    expect(spaces(formatShare(2 / 3))).toBe("66,7 %");
    expect(formatShare(null)).toBe("—");
    expect(formatBytes(512)).toBe("512 octets");
    expect(formatBytes(1536)).toBe("1,5 Ko");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 Mo");
  });

  it("computes upload progress without overshooting", () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(300, 200)).toBe(100);
  });
});

describe("tender filters and the query string", () => {
  it("reads a shared URL, dropping what is malformed", () => {
    const filters = filtersFromParams(
      new URLSearchParams(
        "q=toiture&statut=published&procedure=mapa&nature=travaux&cpv=4521&acheteur=12" +
          "&departement=2a&limite_apres=2026-03-01&limite_avant=2026-03-31&page=3",
      ),
    );
    expect(filters).toEqual({
      q: "toiture",
      status: "published",
      procedure: "mapa",
      nature: "travaux",
      cpv: "4521",
      buyer: 12,
      departement: "2A",
      deadlineFrom: "2026-03-01",
      deadlineTo: "2026-03-31",
      mine: false,
      page: 3,
    });
    const junk = filtersFromParams(
      new URLSearchParams("statut=perdu&cpv=abc&acheteur=-4&limite_apres=demain&page=zero&departement=999999"),
    );
    expect(junk).toEqual(EMPTY_FILTERS);
  });

  it("writes only what is set, and round-trips", () => {
    expect(filtersToParams(EMPTY_FILTERS).toString()).toBe("");
    expect(isFiltered(EMPTY_FILTERS)).toBe(false);
    const filters = { ...EMPTY_FILTERS, q: "école", nature: "services" as const, mine: true, page: 2 };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe("q=%C3%A9cole&nature=services&mes_collectivites=1&page=2");
    expect(filtersFromParams(params)).toEqual(filters);
    expect(isFiltered({ ...EMPTY_FILTERS, page: 4 })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTERS, buyer: 3 })).toBe(true);
  });

  it("asks the API for whole Paris days", () => {
    const query = filtersToApiQuery(
      { ...EMPTY_FILTERS, status: "published", deadlineFrom: "2026-07-01", deadlineTo: "2026-07-01", buyer: 5 },
      20,
    );
    expect(query).toEqual({
      page_size: 20,
      status: "published",
      buyer: 5,
      deadline_after: "2026-06-30T22:00:00.000Z",
      deadline_before: "2026-07-01T21:59:59.000Z",
    });
  });
});

describe("monthly statistics", () => {
  const base: Stats = {
    year: 2008,
    member_bodies: 156,
    publishing_bodies: 68,
    tenders_published: 1083,
    mapa_share: 0.66,
    dce_downloads: 8300,
    electronic_bids: 100,
    bids_without_certificate_share: 0.58,
  };

  it("reads a list of month objects", () => {
    const { rows, keys } = monthlyRows({
      ...base,
      monthly: [
        { month: "2008-01", tenders_published: 80, dce_downloads: 600 },
        { month: "2008-03", tenders_published: 95, dce_downloads: 700 },
      ],
    });
    expect(keys).toEqual(["tenders_published", "dce_downloads"]);
    expect(rows).toHaveLength(12);
    expect(rows[0]?.values).toEqual({ tenders_published: 80, dce_downloads: 600 });
    expect(rows[1]?.values).toEqual({ tenders_published: 0, dce_downloads: 0 });
    expect(rows[2]?.values.tenders_published).toBe(95);
  });

  it("reads arrays of twelve values per series", () => {
    const { rows, keys } = monthlyRows({
      ...base,
      series: { electronic_bids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 34] },
    });
    expect(keys).toEqual(["electronic_bids"]);
    expect(rows[11]?.values.electronic_bids).toBe(34);
  });

  it("has no series when the API sends none", () => {
    expect(monthlyRows(base).keys).toEqual([]);
  });
});
