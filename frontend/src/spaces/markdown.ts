/**
 * The live preview renders the draft's markdown in the browser, at each keystroke (debounced).
 * The server's rendering (Python-Markdown sanitized by nh3) is refreshed only when the update
 * log is compacted, so it lags behind typing; it stays the reference for what is stored,
 * searched and exported, and the preview is only a close approximation of it. Whatever the
 * source, the text is untrusted (any co-editor typed it): DOMPurify removes scripts, event
 * handlers and javascript: links before the HTML reaches the page.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * The page has one <h1> (the draft's title) and the preview sits under an <h2>: the text's
 * headings are shifted down (# becomes <h3>) so the page's outline stays right. `data-level`
 * keeps the author's level for the styles.
 */
export function demoteHeadings(html: string, by = 2): string {
  // Only applied to sanitized HTML, where a literal "<h1" can only be a tag (text is escaped).
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_match, slash: string, level: string) => {
    const shifted = Math.min(6, Number(level) + by);
    return slash ? `</h${shifted}` : `<h${shifted} data-level="${level}"`;
  });
}

export function renderPreview(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return demoteHeadings(DOMPurify.sanitize(html, { USE_PROFILES: { html: true } }));
}

/** HTML rendered by the server (already cleaned by nh3), cleaned again: defence in depth. */
export function sanitizeHtml(html: string): string {
  return demoteHeadings(DOMPurify.sanitize(html, { USE_PROFILES: { html: true } }));
}
