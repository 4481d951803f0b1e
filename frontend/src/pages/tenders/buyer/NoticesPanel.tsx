import { useState } from "react";
import { type NoticeChannel, type NoticeKind, noticeLinks, noticesApi } from "../../../api/tenderNotices";
import { ErrorSummary } from "../../../components/Forms";
import { useAction, useLoad } from "../../../hooks";
import { ParisTime } from "../../../tenders/components";
import type { Props } from "./types";

const CHANNEL_LABELS: Record<string, string> = {
  buyer_profile: "profil d'acheteur",
  boamp: "BOAMP",
  joue: "JOUE (TED)",
};
const STATUS_LABELS: Record<string, string> = {
  queued: "en cours d'envoi",
  sent: "envoyé",
  failed: "échec de l'envoi",
};

/** The postponement a late answer (R.2132-6) or a substantial DCE change (R.2151-4) asks for. */
function DeadlineWarnings({ tender, onChange }: Props) {
  const [state, reload] = useLoad(`deadline-warnings-${tender.id}-${tender.response_deadline}`, () =>
    noticesApi().warnings(tender.id),
  );
  const postpone = useAction();
  const [reason, setReason] = useState("");
  const warnings = state.data ?? [];
  if (tender.status !== "published" || warnings.length === 0) return null;
  const suggested = warnings
    .map((warning) => warning.suggested_response_deadline)
    .sort()
    .at(-1) as string;
  return (
    <div className="notice notice-warning" role="status">
      <h3>Report de la date limite à envisager</h3>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.kind}-${warning.at}`}>
            {warning.message} ({warning.subject}, <ParisTime iso={warning.at} />)
          </li>
        ))}
      </ul>
      <ErrorSummary error={postpone.error} />
      <label htmlFor={`postpone-reason-${tender.id}`}>Motif du report</label>
      <input
        id={`postpone-reason-${tender.id}`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button
        type="button"
        disabled={postpone.busy}
        onClick={async () => {
          const done = await postpone.run(() => noticesApi().postpone(tender.id, suggested, reason));
          if (done) {
            reload();
            onChange();
          }
        }}
      >
        Reporter au <ParisTime iso={suggested} />
      </button>
    </div>
  );
}

/** The notices written from the consultation, the publicity its value requires, and sending. */
export function NoticesPanel({ tender, onChange }: Props) {
  const [state, reload] = useLoad(`notices-${tender.id}-${tender.status}`, () =>
    noticesApi().list(tender.id),
  );
  const send = useAction();
  const kinds: NoticeKind[] = tender.status === "awarded" ? ["contract", "award"] : ["contract"];
  const publicity = state.data?.publicity;
  return (
    <div className="action-block">
      <DeadlineWarnings tender={tender} onChange={onChange} />
      <h3>Avis de publicité</h3>
      {publicity && (
        <p>
          Publicité requise : {publicity.label} (article {publicity.rule}).
        </p>
      )}
      <ul>
        {kinds.map((kind) => (
          <li key={kind}>
            {kind === "award" ? "Avis d'attribution" : "Avis d'appel public à la concurrence"} :{" "}
            <a href={noticeLinks.html(tender.id, kind)} target="_blank" rel="noreferrer">
              HTML
            </a>{" "}
            · <a href={noticeLinks.pdf(tender.id, kind)}>PDF</a>
            {(kind === "award" || tender.status === "published") &&
              (["boamp", "joue"] as NoticeChannel[]).map((channel) => (
                <button
                  key={channel}
                  type="button"
                  className="button-secondary"
                  disabled={send.busy}
                  onClick={async () => {
                    if (await send.run(() => noticesApi().send(tender.id, kind, channel))) reload();
                  }}
                >
                  Envoyer au {CHANNEL_LABELS[channel]}
                </button>
              ))}
          </li>
        ))}
      </ul>
      <ErrorSummary error={send.error} />
      {(state.data?.sendings.length ?? 0) > 0 && (
        <ul aria-label="Envois d'avis">
          {state.data?.sendings.map((sending) => (
            <li key={sending.id}>
              {sending.kind === "award" ? "Avis d'attribution" : "Avis d'appel"} →{" "}
              {CHANNEL_LABELS[sending.channel] ?? sending.channel} :{" "}
              {STATUS_LABELS[sending.status ?? ""] ?? sending.status}
              {sending.external_reference ? ` (réf. ${sending.external_reference})` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
