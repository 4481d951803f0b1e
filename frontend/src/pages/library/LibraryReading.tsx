import { Link } from "react-router-dom";
import type { LibraryPageDetail } from "../../api/library";
import { PageHeading } from "../../components/PageHeading";
import { libraryPagePath, THEME_LABELS } from "../../library/labels";
import { formatDate } from "../../text";

function formatSize(bytes: number | null | undefined): string {
  if (!bytes) return "";
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} Ko`
    : `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
}

/**
 * A library page as readers see it. The body's HTML was sanitized by the server (markdown and
 * rich text through the same allow-list), which is why it is inserted as HTML here.
 */
export function LibraryReading({ page }: { page: LibraryPageDetail }) {
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/base-documentaire">Base documentaire</Link>
        {page.breadcrumbs.map((crumb) => (
          <span key={crumb.id}>
            {" › "}
            <Link to={`/base-documentaire/${crumb.id}`}>{crumb.title}</Link>
          </span>
        ))}
      </nav>
      {page.is_preview && (
        <div className="notice" role="note">
          <p>Aperçu du brouillon : cette version n'est pas encore publiée.</p>
        </div>
      )}
      <PageHeading title={page.title} />
      <p className="meta">
        {page.kind_label} · {THEME_LABELS[page.theme]} · relu le {formatDate(page.last_reviewed_on)}
        {page.owner && <> · {page.owner}</>}
      </p>
      {page.summary && <p className="lead">{page.summary}</p>}
      {page.kind === "training_module" && (
        <p>
          <Link to={libraryPagePath(page)}>Suivre la formation (leçons, quiz et progression)</Link>
        </p>
      )}
      {page.tags.length > 0 && (
        <ul className="library-tags" aria-label="Mots-clés">
          {page.tags.map((tag) => (
            <li key={tag} className="badge">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <div className="library-reading">
        {page.toc.length > 0 && (
          <nav className="library-toc" aria-labelledby="sommaire">
            <h2 id="sommaire">Sommaire</h2>
            <ol>
              {page.toc.map((entry) => (
                <li key={entry.id} className={`toc-level-${entry.level}`}>
                  <a href={`#${entry.id}`}>{entry.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <div>
          {page.clause_text && (
            <section aria-labelledby="clause">
              <h2 id="clause">Texte de la clause {page.reference && `(${page.reference})`}</h2>
              <pre className="block">{page.clause_text}</pre>
            </section>
          )}
          <div className="library-body" dangerouslySetInnerHTML={{ __html: page.html }} />
          {page.documents.length > 0 && (
            <section aria-labelledby="documents">
              <h2 id="documents">Documents</h2>
              <ul className="documents">
                {page.documents.map((document) => (
                  <li key={document.id}>
                    <a href={document.download_url} download>
                      {document.title}
                      <span className="visually-hidden"> — télécharger</span>
                    </a>{" "}
                    <span className="meta">
                      {document.extension.toUpperCase()} {formatSize(document.size)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {page.children.length > 0 && (
            <section aria-labelledby="sous-pages">
              <h2 id="sous-pages">Dans cette rubrique</h2>
              <ul className="library-list">
                {page.children.map((child) => (
                  <li key={child.id}>
                    <Link to={libraryPagePath(child)}>{child.title}</Link>{" "}
                    <span className="meta">· {child.kind_label}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </>
  );
}
