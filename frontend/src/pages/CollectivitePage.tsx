import { useEffect, useState } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router-dom";
import { actsApi, PUBLISHED_PER_PAGE } from "../api/acts";
import type { Membership } from "../api/client";
import { api } from "../api/endpoints";
import { isAnimator, useAuth } from "../auth/AuthContext";
import { PageHeading } from "../components/PageHeading";
import { Pagination } from "../components/Pagination";
import { LoadError, Loading } from "../components/Status";
import { useLoad } from "../hooks";
import { formatDate, ROLE_LABELS } from "../text";
import { InviteForm, MemberTable } from "./members";
import { NotFoundPage } from "./NotFoundPage";

function Members({ collectiviteId, manage }: { collectiviteId: number; manage: boolean }) {
  const { me, refresh } = useAuth();
  const [members, reload] = useLoad(`members:${collectiviteId}`, () => api().members(collectiviteId));
  const [message, setMessage] = useState<string | null>(null);

  function onChanged(text: string, member?: Membership) {
    setMessage(text);
    reload();
    // My own role may have changed (or I left): what I may do here comes from /me/.
    if (member && member.user.id === me?.id) void refresh();
  }

  return (
    <section aria-labelledby="membres">
      <h2 id="membres">Membres</h2>
      <div role="status" aria-live="polite">
        {message && <p className="notice notice-success">{message}</p>}
      </div>
      {members.status === "error" && <LoadError error={members.error} />}
      {members.data ? (
        <MemberTable
          collectiviteId={collectiviteId}
          members={members.data}
          manage={manage}
          onChanged={onChanged}
        />
      ) : (
        members.status === "loading" && <Loading label="Chargement des membres…" />
      )}
      {manage && <InviteForm collectiviteId={collectiviteId} onInvited={onChanged} />}
    </section>
  );
}

const PUBLISHED_ANCHOR = "actes-publies";

/** The acts the collectivité published online, for everyone (what the platform search links
 * to for readers who may not open the act itself). Nothing when it published none. */
function PublishedActs({ collectiviteId }: { collectiviteId: number }) {
  const [params] = useSearchParams();
  const { hash } = useLocation();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [acts] = useLoad(`published-acts:${collectiviteId}:${page}`, () =>
    actsApi.published(collectiviteId, page),
  );
  const data = acts.data;
  useEffect(() => {
    if (data && hash === `#${PUBLISHED_ANCHOR}`) {
      document.getElementById(PUBLISHED_ANCHOR)?.scrollIntoView();
    }
  }, [data, hash]);
  if (acts.status === "error") return <LoadError error={acts.error} />;
  if (!data || data.count === 0) return null;

  function pageLink(target: number): string {
    const next = new URLSearchParams(params);
    if (target > 1) next.set("page", String(target));
    else next.delete("page");
    const search = next.toString();
    return `${search ? `?${search}` : "?"}#${PUBLISHED_ANCHOR}`;
  }

  return (
    <section aria-labelledby={PUBLISHED_ANCHOR}>
      <h2 id={PUBLISHED_ANCHOR}>Actes publiés en ligne</h2>
      <ul className="published-acts">
        {data.results.map((act) => (
          <li key={act.id}>
            <strong>{act.number}</strong> — {act.object}{" "}
            <span className="meta">
              (décision du {formatDate(act.decision_date)}
              {act.publication_date && `, publié le ${formatDate(act.publication_date)}`})
            </span>
          </li>
        ))}
      </ul>
      <Pagination page={page} count={data.count} pageSize={PUBLISHED_PER_PAGE} link={pageLink} />
    </section>
  );
}

export function CollectivitePage() {
  const id = Number(useParams().id);
  const { state, me } = useAuth();
  const [collectivite] = useLoad(`collectivite:${id}`, () => api().collectivite(id));

  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (collectivite.status === "error" && collectivite.error.is("not_found")) {
    return <NotFoundPage />;
  }

  const data = collectivite.data;
  const membership = me?.memberships.find((item) => item.collectivite.id === id);
  const animator = isAnimator(me);
  const canView = Boolean(membership) || animator;
  const canManage = membership?.role === "referent" || animator;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/collectivites">← Annuaire des collectivités</Link>
      </p>
      <PageHeading title={data?.name ?? "Collectivité"} />
      {collectivite.status === "error" && <LoadError error={collectivite.error} />}
      {!data && collectivite.status === "loading" && <Loading />}
      {data && (
        <>
          {membership && (
            <p className="notice notice-info">
              Vous êtes <strong>{ROLE_LABELS[membership.role ?? "agent"].toLowerCase()}</strong> de
              cette collectivité.
            </p>
          )}
          <dl className="details">
            <dt>Nature</dt>
            <dd>{data.kind_label}</dd>
            <dt>SIREN</dt>
            <dd>{data.siren}</dd>
            <dt>Département</dt>
            <dd>{data.departement_code}</dd>
            <dt>Adhésion au réseau</dt>
            <dd>{formatDate(data.adhesion_date)}</dd>
            <dt>Statut</dt>
            <dd>{data.is_active ? "Membre actif" : "Inactive"}</dd>
          </dl>
          {canView ? (
            <Members collectiviteId={id} manage={canManage} />
          ) : (
            state.status !== "loading" && (
              <p className="hint">
                {me ? (
                  "La liste des membres est réservée aux membres de la collectivité."
                ) : (
                  <>
                    <Link to={`/connexion?suivant=/collectivites/${id}`}>Connectez-vous</Link> pour
                    voir les membres, si vous appartenez à cette collectivité.
                  </>
                )}
              </p>
            )
          )}
          <PublishedActs collectiviteId={id} />
        </>
      )}
    </>
  );
}
