import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { Kind } from "../api/client";
import { api } from "../api/endpoints";
import { SelectField, TextField } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { Pagination } from "../components/Pagination";
import { FilterActions, ResultCount } from "../components/SearchResults";
import { LoadError } from "../components/Status";
import { useDebounced, useFocusHeadingOnPageChange, useLoad } from "../hooks";
import { KIND_LABELS, KINDS } from "../text";

const PAGE_SIZE = 20;

function isKind(value: string | null): value is Kind {
  return value !== null && (KINDS as string[]).includes(value);
}

/** The directory's filters live in the URL (?q=&nature=&departement=&page=): shareable, and
 * the back button restores them. Typing filters as you go (debounced); Enter applies at once. */
export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const kindParam = params.get("nature");
  const kind: Kind | "" = isKind(kindParam) ? kindParam : "";
  const departement = params.get("departement") ?? "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);

  const [searchInput, setSearchInput] = useState(q);
  const [departementInput, setDepartementInput] = useState(departement);
  const debouncedSearch = useDebounced(searchInput, 250);
  const debouncedDepartement = useDebounced(departementInput, 250);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value.trim()) next.set(name, value.trim());
      else next.delete(name);
    }
    next.delete("page");
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }

  useEffect(() => {
    update({ q: debouncedSearch, departement: debouncedDepartement });
    // Only typed input drives this effect; `update` reads the current params.
  }, [debouncedSearch, debouncedDepartement]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ q: searchInput, departement: departementInput });
  }

  function reset() {
    setSearchInput("");
    setDepartementInput("");
    setParams(new URLSearchParams(), { replace: true });
  }

  useFocusHeadingOnPageChange(page);

  const query = { search: q, kind, departement, page, pageSize: PAGE_SIZE };
  const [result] = useLoad(JSON.stringify(query), () => api().collectivites(query));
  const data = result.data;
  const filtered = Boolean(q || kind || departement);

  function pageLink(target: number): string {
    const next = new URLSearchParams(params);
    if (target > 1) next.set("page", String(target));
    else next.delete("page");
    const search = next.toString();
    return search ? `?${search}` : "?";
  }

  return (
    <>
      <PageHeading title="Annuaire des collectivités" />
      <p className="lead">Les collectivités et établissements membres du réseau.</p>

      <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filtrer l'annuaire">
        <TextField
          id="recherche"
          label="Rechercher par nom"
          type="search"
          value={searchInput}
          onChange={(event) => setSearchInput(event.target.value)}
          autoComplete="off"
        />
        <SelectField
          id="nature"
          label="Nature"
          value={kind}
          onChange={(event) => update({ nature: event.target.value })}
        >
          <option value="">Toutes</option>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {KIND_LABELS[value]}
            </option>
          ))}
        </SelectField>
        <TextField
          id="departement"
          label="Département"
          hint="Numéro, par exemple 35 ou 2A."
          inputMode="text"
          maxLength={3}
          size={4}
          value={departementInput}
          onChange={(event) => setDepartementInput(event.target.value.toUpperCase())}
        />
        <FilterActions filtered={filtered} onReset={reset} />
      </form>

      <ResultCount
        count={data?.count}
        noun="collectivité"
        filtered={filtered}
        loading={result.status === "loading"}
      />
      {result.status === "error" && <LoadError error={result.error} />}

      {data && data.results.length > 0 && (
        <ul className="directory" aria-busy={result.status === "loading"}>
          {data.results.map((collectivite) => (
            <li key={collectivite.id} className="directory-item">
              <h2 className="h3">
                <Link to={`/collectivites/${collectivite.id}`}>{collectivite.name}</Link>
              </h2>
              <p className="meta">
                {collectivite.kind_label} · Département {collectivite.departement_code} · SIREN{" "}
                {collectivite.siren}
                {!collectivite.is_active && <span className="badge">inactive</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {data && data.count === 0 && <p>Aucune collectivité ne correspond à ces critères.</p>}

      {data && <Pagination page={page} count={data.count} pageSize={PAGE_SIZE} link={pageLink} />}
    </>
  );
}
