import { type FormEvent, useState } from "react";
import { savedSearchesApi } from "../../api/savedSearches";
import { ErrorSummary } from "../../components/Forms";
import { LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { Section } from "../../tenders/components";

/** A company's saved searches: new matching consultations are e-mailed once. */
export function SavedSearches() {
  const [state, reload] = useLoad("my-saved-searches", () => savedSearchesApi().list());
  const action = useAction();
  const [name, setName] = useState("");
  const [cpv, setCpv] = useState("");
  const [departement, setDepartement] = useState("");
  const [keyword, setKeyword] = useState("");

  async function save(event: FormEvent) {
    event.preventDefault();
    const done = await action.run(() =>
      savedSearchesApi().create({
        name,
        cpv_prefix: cpv,
        departement,
        keyword,
        email_alerts: true,
      }),
    );
    if (done) {
      setName("");
      setCpv("");
      setDepartement("");
      setKeyword("");
      reload();
    }
  }

  return (
    <Section id="recherches" title="Mes recherches enregistrées et alertes">
      {state.status === "error" && <LoadError error={state.error} />}
      {state.data && state.data.results.length === 0 && <p>Aucune recherche enregistrée.</p>}
      {state.data && state.data.results.length > 0 && (
        <ul>
          {state.data.results.map((search) => (
            <li key={search.id}>
              <strong>{search.name}</strong> —{" "}
              {[
                search.cpv_prefix && `CPV ${search.cpv_prefix}…`,
                search.departement && `département ${search.departement}`,
                search.keyword && `« ${search.keyword} »`,
                search.buyer?.name,
              ]
                .filter(Boolean)
                .join(", ")}
              {search.email_alerts ? " (alertes par e-mail)" : ""}{" "}
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={action.busy}
                onClick={async () => {
                  if (await action.run(() => savedSearchesApi().remove(search.id))) reload();
                }}
              >
                Supprimer
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save} className="saved-search-form">
        <ErrorSummary error={action.error} />
        <label htmlFor="search-name">Nom de la recherche</label>
        <input id="search-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="search-cpv">Préfixe CPV (ex. 4526)</label>
        <input id="search-cpv" inputMode="numeric" value={cpv} onChange={(e) => setCpv(e.target.value)} />
        <label htmlFor="search-departement">Département (ex. 35)</label>
        <input
          id="search-departement"
          value={departement}
          onChange={(e) => setDepartement(e.target.value)}
        />
        <label htmlFor="search-keyword">Mots-clés</label>
        <input id="search-keyword" value={keyword} onChange={(e) => setKeyword(e.target.value)} />
        <button type="submit" disabled={action.busy}>
          Enregistrer et m'alerter
        </button>
      </form>
    </Section>
  );
}
