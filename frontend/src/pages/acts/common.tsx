/** Pieces shared by the acts pages. */
import type { Me } from "../../api/client";
import { ACT_STATUS_LABELS, type ActStatus } from "../../api/acts";

export function ActStatusBadge({ status }: { status: ActStatus }) {
  return <span className={`badge status status-${status}`}>{ACT_STATUS_LABELS[status] ?? status}</span>;
}

/** The collectivités for which the signed-in person holds a capability. */
export function bodiesWith(me: Me | null, capability: "act_officer" | "accountant") {
  return (me?.memberships ?? [])
    .filter((membership) => membership.capabilities.includes(capability))
    .map((membership) => membership.collectivite);
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "—";
  const [year, month, day] = iso.slice(0, 10).split("-");
  return `${day}/${month}/${year}`;
}

/** Today in Paris as YYYY-MM-DD (the server's rule for decision dates). */
export function parisToday(): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris" }).format(new Date());
}
