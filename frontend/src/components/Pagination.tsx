import { Link } from "react-router-dom";

/** "Page N sur M" with previous/next links; nothing when everything fits on one page. */
export function Pagination({
  page,
  count,
  pageSize,
  link,
}: {
  page: number;
  count: number;
  pageSize: number;
  link(page: number): string;
}) {
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  if (pageCount <= 1) return null;
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
        Page {Math.min(page, pageCount)} sur {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={link(page + 1)} rel="next">
          Page suivante →
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
