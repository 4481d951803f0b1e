import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Me } from "../api/client";
import { api } from "../api/endpoints";
import { type SpaceRole, spacesApi } from "../api/spaces";
import { isAnimator, useAuth } from "../auth/AuthContext";
import { ErrorSummary, fieldError, TextField } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { LoadError, Loading } from "../components/Status";
import { useAction, useDebounced, useLoad } from "../hooks";
import { plural, SPACE_ROLE_LABELS } from "../text";

interface Pick {
  id: number;
  name: string;
  role: SpaceRole;
}

/** Network animators and referents create spaces (the API says 403 to anyone else). */
export function canCreateSpace(me: Me | null): boolean {
  return isAnimator(me) || Boolean(me?.memberships.some((membership) => membership.role === "referent"));
}

function CollectivitePicker({ picked, onAdd }: { picked: Pick[]; onAdd(pick: Pick): void }) {
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 250);
  const [found] = useLoad(`pick:${debounced}`, () =>
    debounced.length < 2 ? Promise.resolve(null) : api().collectivites({ search: debounced, pageSize: 8 }),
  );
  const taken = new Set(picked.map((pick) => pick.id));
  const results = found.data?.results.filter((collectivite) => !taken.has(collectivite.id)) ?? [];
  return (
    <div className="picker">
      <TextField
        id="espace-recherche"
        label="Ajouter une collectivité"
        hint="Tapez au moins deux lettres de son nom."
        type="search"
        autoComplete="off"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {results.length > 0 && (
        <ul className="picker-results" aria-label="Collectivités trouvées">
          {results.map((collectivite) => (
            <li key={collectivite.id}>
              <span>{collectivite.name}</span>
              <button type="button" className="button button-small button-secondary" onClick={() => onAdd({ id: collectivite.id, name: collectivite.name, role: "editor" })}>
                Ajouter<span className="visually-hidden"> {collectivite.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CreateSpaceForm({ me }: { me: Me }) {
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  // A referent usually creates a space for their own collectivité: it starts as an editor.
  const [picked, setPicked] = useState<Pick[]>(() =>
    me.memberships
      .filter((membership) => membership.role === "referent")
      .map((membership) => ({ id: membership.collectivite.id, name: membership.collectivite.name, role: "editor" as const })),
  );
  const { busy, error, run } = useAction();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const space = await spacesApi.createSpace({
        title: title.trim(),
        description: description.trim(),
        members: picked.map((pick) => ({ collectivite: pick.id, role: pick.role })),
      });
      navigate(`/espaces/${space.id}`);
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="creer-espace">
      <h2 id="creer-espace">Créer un espace</h2>
      <ErrorSummary error={error} />
      <TextField id="espace-titre" label="Titre" required maxLength={255} value={title} onChange={(event) => setTitle(event.target.value)} error={fieldError(error, "title")} />
      <div className="field">
        <label htmlFor="espace-description">Description (facultative)</label>
        <textarea id="espace-description" rows={3} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <fieldset className="members-fieldset">
        <legend>Collectivités membres</legend>
        {fieldError(error, "members") && <p className="field-error">{fieldError(error, "members")}</p>}
        {picked.length === 0 ? (
          <p className="hint">Aucune collectivité pour l'instant.</p>
        ) : (
          <ul className="picked">
            {picked.map((pick) => (
              <li key={pick.id}>
                <span>{pick.name}</span>
                <label className="visually-hidden" htmlFor={`role-${pick.id}`}>
                  Rôle de {pick.name}
                </label>
                <select
                  id={`role-${pick.id}`}
                  value={pick.role}
                  onChange={(event) =>
                    setPicked(picked.map((item) => (item.id === pick.id ? { ...item, role: event.target.value as SpaceRole } : item)))
                  }
                >
                  <option value="editor">{SPACE_ROLE_LABELS.editor}</option>
                  <option value="reader">{SPACE_ROLE_LABELS.reader}</option>
                </select>
                <button type="button" className="button button-small button-danger" onClick={() => setPicked(picked.filter((item) => item.id !== pick.id))}>
                  Retirer<span className="visually-hidden"> {pick.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <CollectivitePicker picked={picked} onAdd={(pick) => setPicked([...picked, pick])} />
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Création…" : "Créer l'espace"}
      </button>
    </form>
  );
}

export function SpacesPage() {
  const { me } = useAuth();
  const [spaces] = useLoad("spaces", () => spacesApi.spaces());
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeading title="Espaces de rédaction" />
      <p className="lead">
        Les espaces partagés par votre collectivité avec d'autres : on y rédige ensemble, en temps réel, les
        pièces des consultations.
      </p>
      {me && canCreateSpace(me) && (
        <p>
          <button type="button" className="button button-secondary" aria-expanded={creating} onClick={() => setCreating(!creating)}>
            {creating ? "Annuler la création" : "Créer un espace"}
          </button>
        </p>
      )}
      {me && creating && <CreateSpaceForm me={me} />}
      {spaces.status === "error" && <LoadError error={spaces.error} />}
      {!spaces.data && spaces.status === "loading" && <Loading />}
      {spaces.data && spaces.data.length === 0 && <p>Votre collectivité ne participe encore à aucun espace.</p>}
      {spaces.data && spaces.data.length > 0 && (
        <ul className="directory">
          {spaces.data.map((space) => (
            <li key={space.id} className="directory-item">
              <h2 className="h3">
                <Link to={`/espaces/${space.id}`}>{space.title}</Link>
                {space.my_role && <span className={`badge role-${space.my_role}`}>{SPACE_ROLE_LABELS[space.my_role]}</span>}
              </h2>
              {space.description && <p>{space.description}</p>}
              <p className="meta">
                {plural(space.draft_count, "brouillon")} · {plural(space.members.length, "collectivité")} :{" "}
                {space.members.map((member) => member.collectivite.name).join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
