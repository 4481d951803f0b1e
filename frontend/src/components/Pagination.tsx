import { Link } from "react-router-dom";

/** "Page N sur M" with previous/next links; nothing when everything fits on one page.
 *
 * Long lists count only their first 10 000 rows (`count_exact` false, docs/decisions/0023):
 * the pages then read "sur plus de M" and the last one asks to refine the criteria. */
export function Pagination({
  page,
  count,
  countExact = true,
  pageSize,
  link,
}: {
  page: number;
  count: number;
  countExact?: boolean;
  pageSize: number;
  link(page: number): string;
}) {
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  if (pageCount <= 1) return null;
  const last = page >= pageCount;
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link to={link(page - 1)} rel="prev">
          ← Page précédente
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>
        Page {Math.min(page, pageCount)} sur {countExact ? "" : "plus de "}
        {pageCount}
        {!countExact && last && " : affinez les critères pour voir la suite"}
      </span>
      {!last ? (
        <Link to={link(page + 1)} rel="next">
          Page suivante →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
