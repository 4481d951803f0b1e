import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../../api/endpoints";
import { tendersApi } from "../../api/tenders";
import { useAuth } from "../../auth/AuthContext";
import { SelectField, TextField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Pagination } from "../../components/Pagination";
import { FilterActions, ResultCount } from "../../components/SearchResults";
import { LoadError } from "../../components/Status";
import { useDebounced, useFocusHeadingOnPageChange, useLoad } from "../../hooks";
import { plural } from "../../text";
import { ParisTime, StatusBadge } from "../../tenders/components";
import {
  CPV_PREFIX,
  filtersFromParams,
  filtersToApiQuery,
  filtersToParams,
  isFiltered,
  NATURES,
  PROCEDURES,
  STATUSES,
  type TenderFilters,
} from "../../tenders/filters";
import { formatEuros } from "../../tenders/format";
import { NATURE_LABELS, PROCEDURE_LABELS, STATUS_LABELS } from "../../tenders/labels";

const PAGE_SIZE = 20;

/** Pick the buyer by name: a search box, then a list of matching collectivités. */
function BuyerFilter({ buyer, onChange }: { buyer: number | null; onChange(id: number | null): void }) {
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search, 250);
  const [current] = useLoad(`buyer-${buyer ?? ""}`, () =>
    buyer ? api().collectivite(buyer) : Promise.resolve(null),
  );
  const [matches] = useLoad(`buyers-${debounced}`, () =>
    debounced.trim().length >= 2
      ? api().collectivites({ search: debounced, pageSize: 15 })
      : Promise.resolve(null),
  );
  if (buyer) {
    return (
      <div className="field">
        <span className="label-like" id="acheteur-choisi-label">
          Acheteur
        </span>
        <p className="chosen" aria-labelledby="acheteur-choisi-label">
          {current.data?.name ?? `n° ${buyer}`}{" "}
          <button type="button" className="button button-small button-secondary" onClick={() => onChange(null)}>
            Retirer le filtre acheteur
          </button>
        </p>
      </div>
    );
  }
  const options = matches.data?.results ?? [];
  return (
    <div className="field-group">
      <TextField
        id="acheteur-recherche"
        label="Acheteur"
        hint="Tapez au moins deux lettres du nom."
        type="search"
        autoComplete="off"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {options.length > 0 && (
        <SelectField
          id="acheteur"
          label="Choisir l'acheteur"
          value=""
          onChange={(event) => {
            const id = Number(event.target.value);
            if (id) {
              setSearch("");
              onChange(id);
            }
          }}
        >
          <option value="">{plural(matches.data?.count ?? options.length, "résultat")}…</option>
          {options.map((collectivite) => (
            <option key={collectivite.id} value={collectivite.id}>
              {collectivite.name} ({collectivite.departement_code})
            </option>
          ))}
        </SelectField>
      )}
    </div>
  );
}

export function TenderListPage() {
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [searchInput, setSearchInput] = useState(filters.q);
  const [cpvInput, setCpvInput] = useState(filters.cpv);
  const [departementInput, setDepartementInput] = useState(filters.departement);
  const typed = {
    q: useDebounced(searchInput, 300),
    cpv: useDebounced(cpvInput, 300),
    departement: useDebounced(departementInput, 300),
  };
  const isBuyer = Boolean(me?.memberships.some((m) => m.capabilities.includes("buyer")));

  function update(changes: Partial<TenderFilters>) {
    const next = filtersToParams({ ...filtersFromParams(params), ...changes, page: 1 });
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }

  const cpvValid = cpvInput.trim() === "" || CPV_PREFIX.test(cpvInput.trim());
  useEffect(() => {
    update({
      q: typed.q.trim(),
      departement: typed.departement.trim().toUpperCase(),
      ...(CPV_PREFIX.test(typed.cpv.trim()) || !typed.cpv.trim() ? { cpv: typed.cpv.trim() } : {}),
    });
  }, [typed.q, typed.cpv, typed.departement]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ q: searchInput.trim(), cpv: cpvValid ? cpvInput.trim() : "", departement: departementInput.trim() });
  }

  function reset() {
    setSearchInput("");
    setCpvInput("");
    setDepartementInput("");
    setParams(new URLSearchParams(), { replace: true });
  }

  useFocusHeadingOnPageChange(filters.page);

  const query = filtersToApiQuery(filters, PAGE_SIZE);
  const [result] = useLoad(JSON.stringify(query), () => tendersApi().list(query));
  const data = result.data;
  const filtered = isFiltered(filters);

  function pageLink(target: number): string {
    const search = filtersToParams({ ...filters, page: target }).toString();
    return search ? `?${search}` : "?";
  }

  return (
    <>
      <PageHeading title="Salle des marchés" />
      <p className="lead">
        Les consultations des collectivités du réseau : dossiers de consultation (DCE) en
        téléchargement libre, questions et réponses, dépôt des offres électroniques.
      </p>
      <p className="page-actions">
        {isBuyer && (
          <Link className="button" to="/marches/nouvelle">
            Nouvelle consultation
          </Link>
        )}
        {me && (
          <Link className="button button-secondary" to="/marches/mon-espace">
            Mon espace marchés
          </Link>
        )}
      </p>

      <form className="filters tender-filters" onSubmit={onSubmit} role="search" aria-label="Filtrer les consultations">
        <TextField
          id="recherche"
          label="Rechercher"
          hint="Objet, référence, acheteur, lieu."
          type="search"
          value={searchInput}
          onChange={(event) => setSearchInput(event.target.value)}
          autoComplete="off"
        />
        <SelectField id="statut" label="Statut" value={filters.status} onChange={(event) => update({ status: event.target.value as TenderFilters["status"] })}>
          <option value="">Tous</option>
          {STATUSES.filter((status) => status !== "draft" || isBuyer).map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </SelectField>
        <SelectField id="procedure" label="Procédure" value={filters.procedure} onChange={(event) => update({ procedure: event.target.value as TenderFilters["procedure"] })}>
          <option value="">Toutes</option>
          {PROCEDURES.map((procedure) => (
            <option key={procedure} value={procedure}>
              {PROCEDURE_LABELS[procedure]}
            </option>
          ))}
        </SelectField>
        <SelectField id="nature" label="Nature" value={filters.nature} onChange={(event) => update({ nature: event.target.value as TenderFilters["nature"] })}>
          <option value="">Toutes</option>
          {NATURES.map((nature) => (
            <option key={nature} value={nature}>
              {NATURE_LABELS[nature]}
            </option>
          ))}
        </SelectField>
        <TextField
          id="cpv"
          label="Code CPV"
          hint="Début du code, par exemple 4521."
          inputMode="numeric"
          maxLength={10}
          size={10}
          value={cpvInput}
          error={cpvValid ? undefined : "Chiffres seulement (8 au plus), éventuellement suivis d'un tiret."}
          onChange={(event) => setCpvInput(event.target.value)}
        />
        <TextField
          id="departement"
          label="Département"
          hint="Par exemple 35 ou 2A."
          maxLength={3}
          size={4}
          value={departementInput}
          onChange={(event) => setDepartementInput(event.target.value.toUpperCase())}
        />
        <BuyerFilter buyer={filters.buyer} onChange={(buyer) => update({ buyer })} />
        <fieldset className="date-range">
          <legend>Date limite de remise des offres</legend>
          <TextField id="limite-apres" label="Du" type="date" value={filters.deadlineFrom} onChange={(event) => update({ deadlineFrom: event.target.value })} />
          <TextField id="limite-avant" label="Au" type="date" value={filters.deadlineTo} onChange={(event) => update({ deadlineTo: event.target.value })} />
        </fieldset>
        {me && (
          <div className="checkbox">
            <input
              type="checkbox"
              id="mes-collectivites"
              checked={filters.mine}
              onChange={(event) => update({ mine: event.target.checked })}
            />
            <label htmlFor="mes-collectivites">Consultations de mes collectivités</label>
          </div>
        )}
        <FilterActions filtered={filtered} onReset={reset} />
      </form>

      <ResultCount
        count={data?.count}
        countExact={data?.count_exact ?? true}
        noun="consultation"
        filtered={filtered}
        loading={result.status === "loading"}
      />
      {result.status === "error" && <LoadError error={result.error} />}

      {data && data.results.length > 0 && (
        <ul className="directory tender-list" aria-busy={result.status === "loading"}>
          {data.results.map((tender) => (
            <li key={tender.id} className="directory-item">
              <h2 className="h3">
                <Link to={`/marches/${tender.id}`}>{tender.title}</Link>
              </h2>
              <p className="meta">
                <StatusBadge status={tender.status} label={tender.status_label} /> Réf.{" "}
                {tender.reference} · {tender.buyer.name} ({tender.buyer.departement_code}) ·{" "}
                {tender.procedure_label} · {tender.nature_label}
                {tender.estimated_value ? ` · ${formatEuros(tender.estimated_value)}` : ""}
              </p>
              <p className="meta">
                Remise des offres : <ParisTime iso={tender.response_deadline} />
                {tender.cpv_codes.length > 0 && <> · CPV {tender.cpv_codes.join(", ")}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {data && data.count === 0 && <p>Aucune consultation ne correspond à ces critères.</p>}

      {data && (
        <Pagination
          page={filters.page}
          count={data.count}
          countExact={data.count_exact ?? true}
          pageSize={PAGE_SIZE}
          link={pageLink}
        />
      )}
    </>
  );
}
