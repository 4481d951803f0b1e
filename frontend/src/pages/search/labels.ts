/** French names of the kinds of results, the results page's URL, and how excerpts are shown. */
import DOMPurify from "dompurify";
import type { SearchType } from "./api";

export const SEARCH_PATH = "/recherche";

/** One result's kind, as its badge reads. */
export const TYPE_LABELS: Record<SearchType, string> = {
  library: "Bibliothèque",
  draft: "Brouillon",
  post: "Forum",
  tender: "Consultation",
  act: "Acte",
};

/** The results page's tabs, in order; "tout" is every kind. */
export const TABS: { id: SearchType | "tout"; label: string }[] = [
  { id: "tout", label: "Tout" },
  { id: "library", label: "Bibliothèque" },
  { id: "draft", label: "Brouillons" },
  { id: "post", label: "Forums" },
  { id: "tender", label: "Consultations" },
  { id: "act", label: "Actes" },
];

export const SEARCH_TYPES = TABS.map((tab) => tab.id).filter((id): id is SearchType => id !== "tout");

export function isSearchType(value: string | null): value is SearchType {
  return value !== null && (SEARCH_TYPES as string[]).includes(value);
}

/** The results page for these words (and kind): "/recherche?q=march%C3%A9&type=draft". */
export function searchPath(q: string, type?: SearchType): string {
  const params = new URLSearchParams({ q: q.trim() });
  if (type) params.set("type", type);
  return `${SEARCH_PATH}?${params.toString()}`;
}

/**
 * The excerpt's HTML with nothing but text and <mark>. The API already sanitizes it; this is a
 * second guard, so that a mistake on either side cannot put markup from a forum post or a draft
 * (text anyone may type) into the page.
 */
export function excerptHtml(excerpt: string): string {
  return DOMPurify.sanitize(excerpt, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] });
}
