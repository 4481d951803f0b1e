// A bench client on Hocuspocus's own provider (@hocuspocus/provider, dev dependency): the same
// shape as lib/client.mjs's createClient ({id, url, doc, provider, text, closes, errors}), so
// bench/coediting/run.mjs measures both the same way. Imported only for the hocuspocus target.
//
// The document is the same yjs instance as lib/client.mjs's (npm dedupes yjs 13.6.33: the
// provider's peer dependency), so `instanceof` checks hold. The provider applies what the
// server sends with itself as the transaction origin (y-protocols' readSyncMessage(..., provider)),
// as y-websocket's provider does: the bench's "arrived from the server" filter is the same.

import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { yjs } from './client.mjs'

/**
 * One client with its own socket (the provider manages it: one connection per simulated person,
 * as with y-websocket; Hocuspocus could multiplex documents on one socket, a person has one).
 * `url` is the server's root (ws://HOST:PORT), `room` the document name.
 */
export function createHocuspocusClient ({ url, room, id, WebSocketPolyfill = WebSocket }) {
  const doc = new yjs.Doc()
  const provider = new HocuspocusProvider({
    url,
    name: String(room),
    document: doc,
    WebSocketPolyfill,
    // Reconnect as y-websocket does (it starts at 100 ms), not after Hocuspocus's default 1 s.
    delay: 100,
    minDelay: 100
  })
  const client = { id, url, doc, provider, text: doc.getText('content'), closes: 0, errors: [] }
  provider.on('close', ({ event }) => {
    client.closes++
    if (event?.code) client.errors.push(`close ${event.code} ${event.reason || ''}`.trim())
  })
  provider.on('authenticationFailed', ({ reason }) => client.errors.push(`refused ${reason}`))
  return client
}

/** Resolves once the provider has finished its first sync, or rejects after `timeoutMs`. */
export function whenHocuspocusSynced (client, timeoutMs) {
  if (client.provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.provider.off('synced', onSynced)
      const why = client.errors.length ? `: ${client.errors.slice(-3).join('; ')}` : ''
      reject(new Error(`client ${client.id} not synced after ${timeoutMs} ms${why}`))
    }, timeoutMs)
    const onSynced = () => {
      clearTimeout(timer)
      client.provider.off('synced', onSynced)
      resolve()
    }
    client.provider.on('synced', onSynced)
  })
}
