// Shared by interop.mjs and bench/coediting/run.mjs: how a test client connects, and where
// single-use tickets come from. Everything protocol-level is y-websocket's own provider.
//
// yjs is re-exported so that callers outside this package (the bench) use the very same yjs
// instance as the provider: two copies of yjs in one process break `instanceof` checks.

import { execSync } from 'node:child_process'
import * as yjs from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

export { yjs, WebsocketProvider }

// Each provider adds a process 'exit' listener; 20 clients would trip Node's
// "possible EventEmitter memory leak" warning at 10.
process.setMaxListeners(0)

/**
 * A WebSocket class for the provider. The provider calls `new WS(url, protocols)` only, so
 * headers are bound in a subclass. By default none: node's ws sends no Origin, and a ticket
 * socket needs none. `cookie` (session auth) only works together with an allowed `origin`:
 * the server ignores a session cookie from a missing or foreign origin (config/ws_origin.py).
 */
export function webSocketClass ({ cookie, origin } = {}) {
  if (!cookie && !origin) return WebSocket
  const headers = cookie ? { Cookie: cookie } : {}
  return class extends WebSocket {
    constructor (url, protocols) {
      super(url, protocols, { headers, ...(origin ? { origin } : {}) })
    }
  }
}

/**
 * Where tickets come from: a fixed list (`--tickets a,b,c`) or a command (`--tickets-cmd`)
 * run through the shell with TICKETS_COUNT set, printing one ticket per line. Synchronous on
 * purpose: the provider reads `provider.params` synchronously when it reconnects. `env` adds
 * variables for the command (the bench sets TICKETS_ROOM when clients are in several rooms).
 */
export class TicketPool {
  constructor ({ tickets = [], command = null, env = {} } = {}) {
    this.queue = [...tickets]
    this.command = command
    this.env = env
  }

  get enabled () {
    return this.queue.length > 0 || this.command !== null
  }

  /** Makes sure `count` tickets are queued (one command run for the whole batch). */
  prefetch (count) {
    if (this.command === null || this.queue.length >= count) return
    const missing = count - this.queue.length
    const out = execSync(this.command, {
      env: { ...process.env, ...this.env, TICKETS_COUNT: String(missing) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const got = out.split('\n').map((s) => s.trim()).filter(Boolean)
    if (got.length < missing) {
      throw new Error(`--tickets-cmd printed ${got.length} tickets, ${missing} were asked for`)
    }
    this.queue.push(...got)
  }

  /** Query parameters for one connection: `{ticket}`, or `{}` when tickets are not used. */
  nextParams () {
    if (!this.enabled) return {}
    this.prefetch(1)
    const ticket = this.queue.shift()
    if (ticket === undefined) throw new Error('out of tickets: pass one per connection')
    return { ticket }
  }
}

/**
 * One client: a fresh Y.Doc and a provider on `${url}/${room}?ticket=...`.
 *
 * - disableBc: in Node 20 `BroadcastChannel` is a global, and lib0 uses it to sync providers
 *   of the same room *inside one process* without any server. Left on, every client of a
 *   test would converge even with the server down.
 * - Tickets are single-use, while the provider reconnects by itself with the same
 *   `params`; so each time a connection closes, the next ticket is put in `params` before
 *   the provider's backoff timer reopens it.
 */
export function createClient ({ url, room, id, tickets, WebSocketPolyfill, connect = true }) {
  const doc = new yjs.Doc()
  const provider = new WebsocketProvider(url, String(room), doc, {
    WebSocketPolyfill,
    params: tickets.nextParams(),
    disableBc: true,
    connect
  })
  const client = { id, url, doc, provider, text: doc.getText('content'), closes: 0, errors: [] }
  provider.on('connection-close', (event) => {
    client.closes++
    if (event) client.errors.push(`close ${event.code} ${event.reason || ''}`.trim())
    if (tickets.enabled && provider.shouldConnect) {
      try {
        provider.params = tickets.nextParams()
      } catch (err) {
        client.errors.push(String(err.message))
        provider.disconnect()
      }
    }
  })
  provider.on('connection-error', () => client.errors.push('connection error'))
  // provider.disconnect() clears shouldConnect before closing, so the handler above keeps the
  // used ticket; a deliberate reconnection takes a fresh one here.
  client.reconnect = () => {
    if (tickets.enabled) provider.params = tickets.nextParams()
    provider.connect()
  }
  // Close codes 4400-4499 are final for the provider: it stops and emits 'closed'.
  provider.on('closed', ({ code, reason }) => client.errors.push(`refused ${code} ${reason}`))
  return client
}

/** Resolves once the provider has finished its first sync, or rejects after `timeoutMs`. */
export function whenSynced (client, timeoutMs) {
  if (client.provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.provider.off('sync', onSync)
      const why = client.errors.length ? `: ${client.errors.slice(-3).join('; ')}` : ''
      reject(new Error(`client ${client.id} not synced after ${timeoutMs} ms${why}`))
    }, timeoutMs)
    const onSync = (synced) => {
      if (!synced) return
      clearTimeout(timer)
      client.provider.off('sync', onSync)
      resolve()
    }
    client.provider.on('sync', onSync)
  })
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Splits "a,b,c" and drops empty items. */
export const splitList = (value) => (value || '').split(',').map((s) => s.trim()).filter(Boolean)

/** Client i's server URL: clients alternate between the given URLs (one per worker). */
export const urlFor = (urls, i) => urls[i % urls.length].replace(/\/+$/, '')
