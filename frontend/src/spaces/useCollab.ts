/**
 * One co-editing session on a draft: a Yjs document kept in sync with the server by the stock
 * y-websocket provider at /ws/drafts/<id> (same origin, so the session cookie authenticates
 * it). The server holds the authoritative document; this one is a replica.
 */
import { useEffect, useState } from "react";
import * as authProtocol from "y-protocols/auth";
import { WebsocketProvider } from "y-websocket";
import * as yjs from "yjs";
import type { UserColor } from "./colors";

export type ConnectionState = "connecting" | "syncing" | "connected" | "reconnecting" | "refused";

export interface CollabSession {
  doc: yjs.Doc;
  text: yjs.Text;
  provider: WebsocketProvider;
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: "Connexion…",
  syncing: "Synchronisation…",
  connected: "Connecté",
  reconnecting: "Reconnexion…",
  refused: "Connexion refusée",
};

// y-websocket's message types: 0 sync, 1 awareness, 2 auth, 3 query-awareness.
const MESSAGE_AUTH = 2;

export function draftSocketUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/drafts`;
}

export function useCollab(
  draftId: number,
  user: ({ name: string } & UserColor) | null,
): { session: CollabSession | null; connection: ConnectionState; writeRefused: string | null } {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  // The server's reason when it refused one of our edits: the draft was published, or our
  // rights changed while we were editing. The stock provider only logs it to the console.
  const [writeRefused, setWriteRefused] = useState<string | null>(null);

  useEffect(() => {
    const doc = new yjs.Doc();
    // No BroadcastChannel shortcut between tabs: every edit goes through the server, which
    // checks the sender's rights and stores it before anyone else sees it.
    const provider = new WebsocketProvider(draftSocketUrl(window.location), String(draftId), doc, {
      disableBc: true,
    });
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, (_doc: yjs.Doc, reason: string) => setWriteRefused(reason));
    };
    let everConnected = false;
    setConnection("connecting");
    setWriteRefused(null);
    provider.on("status", ({ status }) => {
      if (status === "connected") {
        everConnected = true;
        setConnection(provider.synced ? "connected" : "syncing");
      } else {
        setConnection(everConnected ? "reconnecting" : "connecting");
      }
    });
    provider.on("sync", (synced: boolean) => {
      if (synced) setConnection("connected");
    });
    // Close codes 4400-4499: the server refused us (no access); y-websocket stops retrying.
    provider.on("closed", () => setConnection("refused"));
    setSession({ doc, text: doc.getText("content"), provider });
    return () => {
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [draftId]);

  const name = user?.name;
  const color = user?.color;
  const colorLight = user?.colorLight;
  useEffect(() => {
    if (!session || !name) return;
    // The server replaces the name with the account's display name; we send ours anyway so
    // that our own awareness state is complete before the server's copy comes back.
    session.provider.awareness.setLocalStateField("user", { name, color, colorLight });
  }, [session, name, color, colorLight]);

  return { session, connection, writeRefused };
}
