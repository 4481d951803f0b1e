import { Link, useSearchParams } from "react-router-dom";
import { useAuth } from "../../auth/AuthContext";
import { SelectField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Pagination } from "../../components/Pagination";
import { LoadError, Loading } from "../../components/Status";
import { Tabs } from "../../components/Tabs";
import { useFocusHeadingOnPageChange, useLoad } from "../../hooks";
import { formatDate, plural } from "../../text";
import { type SearchPage as Page, type SearchResult, type SearchType, searchApi } from "./api";
import { excerptHtml, isSearchType, SEARCH_TYPES, searchPath, TABS, TYPE_LABELS } from "./labels";

const PAGE_SIZE = 20; // the API's default page size

function ResultItem({ result }: { result: SearchResult }) {
  const date = result.date ? formatDate(result.date) : "";
  return (
    <li className="search-result">
      <h2 className="h3">
        <Link to={result.url}>{result.title}</Link>
      </h2>
      <p className="meta">
        <span className={`badge search-type search-type-${result.type}`}>{TYPE_LABELS[result.type]}</span>
        {result.context && <> · {result.context}</>}
        {result.collectivite && <> · {result.collectivite.name}</>}
        {date && <> · {date}</>}
      </p>
      {result.excerpt && (
        // Only this field is HTML: text and <mark>, sanitized by the API and again here.
        <p className="search-excerpt" dangerouslySetInnerHTML={{ __html: excerptHtml(result.excerpt) }} />
      )}
    </li>
  );
}

function Empty({ q, type, total }: { q: string; type: SearchType | undefined; total: number }) {
  return (
    <div className="search-empty">
      <p>
        <strong>Aucun résultat</strong> pour « {q} »
        {type ? ` parmi les ${TABS.find((tab) => tab.id === type)?.label.toLowerCase()}` : ""}.
      </p>
      {type && total > 0 ? (
        <p>
          <Link to={searchPath(q)}>Voir tous les types ({plural(total, "résultat")})</Link>
        </p>
      ) : (
        <ul>
          <li>Vérifiez l'orthographe des mots.</li>
          <li>Essayez des mots plus généraux, ou moins de mots.</li>
          <li>Les accents et le pluriel sont sans importance : « marche public » trouve « marchés publics ».</li>
        </ul>
      )}
    </div>
  );
}

/**
 * The global search's results (/recherche?q=&type=&collectivite=&page=): every kind the user may
 * read, a tab per kind with its count. The state lives in the URL, so a search can be shared
 * and the back button restores it. The words are typed in the header's box.
 */
export function SearchPage() {
  const { state: auth, me } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const typeParam = params.get("type");
  const type = isSearchType(typeParam) ? typeParam : undefined;
  const collectivite = Number.parseInt(params.get("collectivite") ?? "", 10) || undefined;
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const authReady = auth.status !== "loading";

  const query = { q, type, collectivite, page };
  const [result, retry] = useLoad<Page | null>(
    `search:${authReady ? (me?.id ?? "anon") : "…"}:${JSON.stringify(query)}`,
    () => (authReady && q ? searchApi().search(query) : Promise.resolve(null)),
  );
  const data = result.data ?? null;
  const total = data ? SEARCH_TYPES.reduce((sum, kind) => sum + (data.facets[kind] ?? 0), 0) : undefined;

  useFocusHeadingOnPageChange(page);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete("page");
    setParams(next, { replace: true });
  }

  function pageLink(target: number): string {
    const next = new URLSearchParams(params);
    if (target > 1) next.set("page", String(target));
    else next.delete("page");
    return `?${next.toString()}`;
  }

  const memberships = me?.memberships ?? [];
  const loading = result.status === "loading" && authReady && Boolean(q);

  let panel;
  if (result.status === "error") {
    panel = (
      <>
        <LoadError error={result.error} />
        <button type="button" className="button button-secondary" onClick={retry}>
          Réessayer
        </button>
      </>
    );
  } else if (!data) {
    panel = <Loading label="Recherche en cours…" />;
  } else if (data.results.length === 0) {
    panel = <Empty q={q} type={type} total={total ?? 0} />;
  } else {
    panel = (
      <>
        <ol className="search-results" aria-busy={loading} start={(page - 1) * PAGE_SIZE + 1}>
          {data.results.map((item) => (
            <ResultItem key={`${item.type}-${item.id}`} result={item} />
          ))}
        </ol>
        <Pagination page={page} count={data.count} pageSize={PAGE_SIZE} link={pageLink} />
      </>
    );
  }

  let status = "";
  if (data && q) {
    status = `${plural(data.count, "résultat")} pour « ${q} »`;
    if (type) status += ` parmi les ${TABS.find((tab) => tab.id === type)?.label.toLowerCase()}`;
  } else if (loading) {
    status = "Recherche en cours…";
  }

  return (
    <>
      <PageHeading title={q ? `Recherche : ${q}` : "Recherche"}>Recherche</PageHeading>
      {!q ? (
        <p className="lead">
          Saisissez un ou plusieurs mots dans le champ « Rechercher » en haut de la page : la
          recherche porte sur la bibliothèque, les brouillons de vos espaces, les forums, les
          consultations et les actes que vous pouvez consulter.
        </p>
      ) : (
        <>
          {memberships.length > 0 && (
            <form className="filters search-filters" onSubmit={(event) => event.preventDefault()}>
              <SelectField
                id="recherche-collectivite"
                label="Collectivité"
                value={collectivite ? String(collectivite) : ""}
                onChange={(event) => update({ collectivite: event.target.value })}
              >
                <option value="">Toutes les collectivités</option>
                {memberships.map((membership) => (
                  <option key={membership.collectivite.id} value={membership.collectivite.id}>
                    {membership.collectivite.name}
                  </option>
                ))}
              </SelectField>
            </form>
          )}
          <p className="result-count" role="status" aria-live="polite" aria-atomic="true">
            {status}
          </p>
          <Tabs
            label="Type de résultat"
            selected={type ?? "tout"}
            onSelect={(id) => update({ type: id === "tout" ? undefined : id })}
            tabs={TABS.map((tab) => {
              const count = data ? (tab.id === "tout" ? total : (data.facets[tab.id] ?? 0)) : undefined;
              return {
                id: tab.id,
                label: count === undefined ? tab.label : `${tab.label} (${count.toLocaleString("fr-FR")})`,
                panel,
              };
            })}
          />
        </>
      )}
    </>
  );
}
