import { useState } from "react";
import { Link } from "react-router-dom";
import { type LibraryPage, libraryApi } from "../../api/library";
import { useAuth } from "../../auth/AuthContext";
import { TextField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useDebounced, useLoad } from "../../hooks";
import { libraryPagePath, THEME_LABELS, THEME_ORDER } from "../../library/labels";
import { plural } from "../../text";

function PageItem({ page }: { page: LibraryPage }) {
  return (
    <li>
      <Link to={libraryPagePath(page)}>{page.title}</Link>{" "}
      <span className="meta">· {page.kind_label}</span>
      {page.summary && <p className="meta">{page.summary}</p>}
    </li>
  );
}

/** The library's home: every readable page, by theme; a plain "contains" filter on titles. */
export function LibraryHomePage() {
  const { me } = useAuth();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const [state] = useLoad(`library:${me?.id ?? "anon"}:${q}`, () =>
    libraryApi().list({ q: q || undefined, page_size: 100 }),
  );
  const pages = (state.data?.results ?? []).filter((page) => page.kind !== "training_lesson");
  const themes = THEME_ORDER.map((theme) => ({
    theme,
    pages: pages.filter((page) => page.theme === theme),
  })).filter((group) => group.pages.length > 0);
  return (
    <>
      <PageHeading title="Base documentaire" />
      <p className="lead">
        Guides, fiches pratiques, clauses types et formations rédigés par les animateurs du
        réseau.
      </p>
      <form role="search" className="filters" onSubmit={(event) => event.preventDefault()}>
        <TextField
          id="bibliotheque-recherche"
          label="Chercher dans les titres et résumés"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </form>
      {state.status === "error" && <LoadError error={state.error} />}
      {!state.data && state.status === "loading" && <Loading />}
      {state.data && (
        <p className="result-count" role="status">
          {plural(pages.length, "page")}
        </p>
      )}
      <div className="library-themes">
        {themes.map((group) => (
          <section key={group.theme} aria-labelledby={`theme-${group.theme}`}>
            <h2 id={`theme-${group.theme}`}>{THEME_LABELS[group.theme]}</h2>
            <ul className="library-list">
              {group.pages.map((page) => (
                <PageItem key={page.id} page={page} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
