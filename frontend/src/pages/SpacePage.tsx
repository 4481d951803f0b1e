import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { spacesApi } from "../api/spaces";
import { ErrorSummary, fieldError, TextField } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { LoadError, Loading } from "../components/Status";
import { useAction, useLoad } from "../hooks";
import { DRAFT_STATUS_LABELS, formatDateTime, SPACE_ROLE_LABELS, whoName } from "../text";
import { NotFoundPage } from "./NotFoundPage";

function NewDraftForm({ spaceId }: { spaceId: number }) {
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const { busy, error, run } = useAction();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const draft = await spacesApi.createDraft({ space: spaceId, title: title.trim() });
      navigate(`/brouillons/${draft.id}`);
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="nouveau-brouillon">
      <h2 id="nouveau-brouillon">Nouveau brouillon</h2>
      <ErrorSummary error={error} />
      <TextField id="brouillon-titre" label="Titre du brouillon" hint="Par exemple : CCTP — entretien des espaces verts." required maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} error={fieldError(error, "title")} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Création…" : "Créer le brouillon"}
      </button>
    </form>
  );
}

export function SpacePage() {
  const id = Number(useParams().id);
  const [space] = useLoad(`space:${id}`, () => spacesApi.space(id));
  const [drafts] = useLoad(`drafts:${id}`, () => spacesApi.drafts(id));

  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (space.status === "error" && space.error.is("not_found")) return <NotFoundPage />;
  const data = space.data;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/espaces">← Espaces de rédaction</Link>
      </p>
      <PageHeading title={data?.title ?? "Espace de rédaction"} />
      {space.status === "error" && <LoadError error={space.error} />}
      {!data && space.status === "loading" && <Loading />}
      {data && (
        <>
          {data.description && <p className="lead">{data.description}</p>}
          {data.my_role && (
            <p className="notice notice-info">
              Votre collectivité a le rôle <strong>{SPACE_ROLE_LABELS[data.my_role].toLowerCase()}</strong> dans cet
              espace{data.my_role === "reader" ? " : vous lisez et commentez les brouillons sans les modifier" : ""}.
            </p>
          )}
          <section aria-labelledby="brouillons">
            <h2 id="brouillons">Brouillons</h2>
            {drafts.status === "error" && <LoadError error={drafts.error} />}
            {!drafts.data && drafts.status === "loading" && <Loading label="Chargement des brouillons…" />}
            {drafts.data && drafts.data.length === 0 && <p>Aucun brouillon pour l'instant.</p>}
            {drafts.data && drafts.data.length > 0 && (
              <div className="table-wrapper">
                <table>
                  <caption className="visually-hidden">Brouillons de l'espace</caption>
                  <thead>
                    <tr>
                      <th scope="col">Titre</th>
                      <th scope="col">Statut</th>
                      <th scope="col">Dernière modification</th>
                    </tr>
                  </thead>
                  <tbody>
                    {drafts.data.map((draft) => (
                      <tr key={draft.id}>
                        <th scope="row">
                          <Link to={`/brouillons/${draft.id}`}>{draft.title}</Link>
                        </th>
                        <td>
                          <span className={`status-badge status-${draft.status}`}>{DRAFT_STATUS_LABELS[draft.status]}</span>
                        </td>
                        <td>
                          {formatDateTime(draft.updated_at)}
                          <span className="meta block">{whoName(draft.updated_by)}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {data.my_role === "editor" && <NewDraftForm spaceId={id} />}
          <section aria-labelledby="membres-espace">
            <h2 id="membres-espace">Collectivités membres</h2>
            <div className="table-wrapper">
              <table>
                <caption className="visually-hidden">Collectivités membres de l'espace et leur rôle</caption>
                <thead>
                  <tr>
                    <th scope="col">Collectivité</th>
                    <th scope="col">Rôle</th>
                  </tr>
                </thead>
                <tbody>
                  {data.members.map((member) => (
                    <tr key={member.collectivite.id}>
                      <th scope="row">
                        <Link to={`/collectivites/${member.collectivite.id}`}>{member.collectivite.name}</Link>
                      </th>
                      <td>{SPACE_ROLE_LABELS[member.role]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
