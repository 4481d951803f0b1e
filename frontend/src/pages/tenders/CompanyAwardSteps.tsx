import { afterChoiceApi, type MyAward } from "../../api/afterChoice";
import type { TenderDetail } from "../../api/tenders";
import { ErrorSummary } from "../../components/Forms";
import { useAction, useLoad } from "../../hooks";
import { Section } from "../../tenders/components";

function Steps({ tender, award, onDone }: { tender: TenderDetail; award: MyAward; onDone(): void }) {
  const action = useAction();
  const run = async (call: () => Promise<unknown>) => {
    if (await action.run(call)) onDone();
  };
  const notification = award.notification;
  return (
    <div className="action-block">
      <ErrorSummary error={action.error} />
      {award.certificates.length > 0 && (
        <ul className="plain" aria-label="Attestations demandées">
          {award.certificates.map((row) => (
            <li key={row.id}>
              {row.kind_label} :{" "}
              {row.accepted_at ? (
                "acceptée"
              ) : row.uploaded_at ? (
                "déposée, en cours de vérification"
              ) : (
                <label>
                  {row.refusal_reason ? `refusée (${row.refusal_reason}) — ` : ""}déposer (PDF, PNG, JPEG){" "}
                  <input
                    type="file"
                    accept=".pdf,.png,.jpg,.jpeg"
                    onChange={(event) => {
                      const file = event.target.files?.[0];
                      if (file) run(() => afterChoiceApi.uploadCertificate(tender.id, award.id, row.id, file));
                    }}
                  />
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      {notification?.sent_at && !notification.received_at && !award.notification_date && (
        <button
          type="button"
          className="button"
          disabled={action.busy}
          onClick={() => run(() => afterChoiceApi.acknowledge(tender.id, award.id))}
        >
          Accuser réception de la notification du marché
        </button>
      )}
      {award.notification_date && <p>Marché notifié : il a pris effet à sa réception.</p>}
    </div>
  );
}

/** The titulaire's side of an awarded tender: certificates to deposit, notification to receive. */
export function CompanyAwardSteps({ tender }: { tender: TenderDetail }) {
  const [state, reload] = useLoad(`my-awards-${tender.id}-${tender.status}`, () => afterChoiceApi.myAwards());
  const mine = (state.data?.results ?? []).filter((award) => award.tender.id === tender.id);
  if (tender.status !== "awarded" || mine.length === 0) return null;
  return (
    <Section id="mon-marche" title="Votre marché">
      {mine.map((award) => (
        <Steps key={award.id} tender={tender} award={award} onDone={reload} />
      ))}
    </Section>
  );
}
