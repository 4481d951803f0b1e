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

export function renderPreview(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/** HTML rendered by the server (already cleaned by nh3), cleaned again: defence in depth. */
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
