import { type Draft, spacesApi } from "../../api/spaces";
import { useAuth } from "../../auth/AuthContext";
import { LoadError } from "../../components/Status";
import { useAction } from "../../hooks";
import { approvalProgress, approvalRows, type ApprovalState, textSha256 } from "../../spaces/approvals";
import { formatDateTime } from "../../text";

const STATE_LABELS: Record<ApprovalState, string> = {
  approved: "Approuvé",
  stale: "Approbation à renouveler",
  pending: "En attente",
};

/**
 * Each editor collectivité signs off on the text. An approval given before the last edit is
 * stale: it no longer counts, and the collectivité has to approve again. The approval carries
 * the hash of the text on screen (``readText``), so that an edit by someone else arriving
 * meanwhile makes the server refuse it rather than record a sign-off on unseen words.
 */
export function ApprovalsPanel({
  draft,
  readText,
  onChanged,
}: {
  draft: Draft;
  readText(): string;
  onChanged(): void;
}) {
  const { me } = useAuth();
  const { busy, error, run } = useAction();
  const rows = approvalRows(draft.editor_collectivites, draft.approvals);
  const { approved, total } = approvalProgress(rows);
  const mine = new Set(me?.memberships.map((membership) => membership.collectivite.id) ?? []);
  // Animators and superusers may approve without belonging to any editor collectivité.
  const actFor = (id: number) => draft.can_approve && (mine.has(id) || mine.size === 0);

  async function act(action: () => Promise<unknown>) {
    if (await run(action)) onChanged();
  }

  return (
    <section aria-labelledby="approbations-titre">
      <h2 id="approbations-titre" className="h3">
        Approbations
      </h2>
      <p>
        {approved} collectivité{approved > 1 ? "s" : ""} sur {total} {approved > 1 ? "ont" : "a"} approuvé le texte
        actuel. Le brouillon est approuvé quand toutes les collectivités rédactrices ont approuvé le même texte ;
        toute modification après une approbation la rend caduque.
      </p>
      {error && <LoadError error={error} />}
      <div className="table-wrapper">
        <table>
          <caption className="visually-hidden">Approbations des collectivités rédactrices</caption>
          <thead>
            <tr>
              <th scope="col">Collectivité</th>
              <th scope="col">État</th>
              {draft.can_approve && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ collectivite, state, approval }) => (
              <tr key={collectivite.id} className={`approval-${state}`}>
                <th scope="row">{collectivite.name}</th>
                <td>
                  <span className={`status-badge status-${state}`}>{STATE_LABELS[state]}</span>
                  {approval && (
                    <span className="meta block">
                      par {approval.approved_by.display_name}, le {formatDateTime(approval.approved_at)}
                    </span>
                  )}
                </td>
                {draft.can_approve && (
                  <td>
                    {actFor(collectivite.id) && (
                      <div className="row-actions">
                        {state !== "approved" && (
                          <button type="button" className="button button-small" disabled={busy} onClick={() => void act(async () => spacesApi.approve(draft.id, collectivite.id, await textSha256(readText())))}>
                            Approuver<span className="visually-hidden"> au nom de {collectivite.name}</span>
                          </button>
                        )}
                        {approval && (
                          <button type="button" className="button button-small button-secondary" disabled={busy} onClick={() => void act(() => spacesApi.withdraw(draft.id, collectivite.id))}>
                            Retirer l'approbation<span className="visually-hidden"> de {collectivite.name}</span>
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
