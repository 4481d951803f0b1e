import { useCallback, useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { type EmailMode, forumsApi, type InboxNotification } from "../api/forums";
import { formatDateTime } from "../text";

const POLL_MS = 60_000;

const EMAIL_MODES: Record<EmailMode, string> = {
  each: "chaque notification",
  digest: "un résumé quotidien",
  none: "rien",
};

/**
 * The inbox in the header: the unread count (polled each minute and after each page change) and
 * the latest notifications, all marked read when the menu is opened.
 */
export function NotificationMenu() {
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InboxNotification[] | null>(null);
  const [emailMode, setEmailMode] = useState<EmailMode | null>(null);
  const { pathname } = useLocation();

  const poll = useCallback(() => {
    forumsApi().unread().then(setUnread, () => undefined);
  }, []);

  useEffect(() => {
    poll();
    const timer = window.setInterval(poll, POLL_MS);
    return () => window.clearInterval(timer);
  }, [poll, pathname]);
  useEffect(() => setOpen(false), [pathname]);

  async function toggle() {
    const next = !open;
    setOpen(next);
    if (!next) return;
    try {
      forumsApi().emailMode().then(setEmailMode, () => undefined);
      const page = await forumsApi().inbox();
      setItems(page.results);
      if (unread > 0) {
        await forumsApi().markRead();
        setUnread(0);
      }
    } catch {
      setItems([]);
    }
  }

  return (
    <div className="notification-menu">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls="notifications"
        onClick={() => void toggle()}
      >
        Notifications
        {unread > 0 && (
          <span className="badge" aria-label={`${unread} non lue(s)`}>
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div id="notifications" className="notification-panel" role="region" aria-label="Notifications">
          {items === null ? (
            <p>Chargement…</p>
          ) : items.length === 0 ? (
            <p>Aucune notification.</p>
          ) : (
            <ul>
              {items.map((item) => (
                <li key={item.id} className={item.read_at ? "" : "unread"}>
                  {item.url ? <Link to={item.url}>{item.message}</Link> : item.message}
                  <br />
                  <small>{formatDateTime(item.created_at)}</small>
                </li>
              ))}
            </ul>
          )}
          {emailMode && (
            <label className="email-preference">
              Recevoir par e-mail{" "}
              <select
                value={emailMode}
                onChange={(e) => {
                  const mode = e.target.value as EmailMode;
                  setEmailMode(mode);
                  forumsApi().setEmailMode(mode).then(setEmailMode, () => undefined);
                }}
              >
                {(Object.keys(EMAIL_MODES) as EmailMode[]).map((mode) => (
                  <option key={mode} value={mode}>
                    {EMAIL_MODES[mode]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
    </div>
  );
}
