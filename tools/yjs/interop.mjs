#!/usr/bin/env node
// Interop test for a y-websocket server: N stock Yjs clients edit one room's Y.Text
// "content" concurrently and must all end with the same document.
//
// Prints one JSON line on stdout; exit 0 when converged, 1 when not, 2 on bad usage or when
// a client could not connect/sync. Progress goes to stderr with --verbose.
//
// "Converged" means every client has the same text AND the same state vector: the state
// vector shows each client received every other client's operations (including the offline
// ones in --reconnect mode), not merely an equal-looking string.

import { parseArgs } from 'node:util'
import {
  yjs, createClient, whenSynced, sleep, splitList, urlFor, webSocketClass, TicketPool
} from './lib/client.mjs'

const USAGE = `usage: node interop.mjs --url ws://HOST:PORT/ws/drafts --room ID [options]
  --url URL            server URL without the room; the provider connects to URL/ROOM
  --url2 URL           second server (another worker): clients alternate between the two
  --room ID            room (draft id)
  --clients N          clients (default 4)
  --edits M            edits per client (default 50)
  --tickets t1,t2,...  single-use tickets, one per connection (sent as ?ticket=)
  --tickets-cmd CMD    shell command printing tickets one per line; TICKETS_COUNT is set
  --cookie STR         Cookie header (session auth), e.g. "sessionid=..."; needs --origin
  --origin URL         Origin header (none by default; only the session cookie needs one)
  --expect-initial TXT each client's text right after its first sync must equal TXT
  --reconnect          client 0 drops mid-way, edits offline, reconnects (needs one more ticket)
  --failover           a client whose connection the server closed (or lost) reconnects to the
                       next URL (--url → --url2 → --url): a worker killed, its clients move
  --after-close N      with --failover: every client goes on editing until it made N edits after
                       the first lost connection (waits up to --timeout for one; exit 1 if none)
  --tokens             edits are inserts of unique tokens "c<client>.<k>;" between tokens, no
                       deletes: the stored text can be counted token by token
  --events             progress as JSON lines on stdout before the result ({"event":"synced"},
                       {"event":"first-close"}); the result stays the last line
  --max-delay MS       random pause before each edit, 0..MS (default 20)
  --timeout MS         sync and convergence timeout (default 20000)
  --seed N             random seed, to replay a run (default: random, printed in the output)
  --verbose            progress on stderr`

let opts
try {
  opts = parseArgs({
    options: {
      url: { type: 'string' },
      url2: { type: 'string' },
      room: { type: 'string' },
      clients: { type: 'string', default: '4' },
      edits: { type: 'string', default: '50' },
      tickets: { type: 'string' },
      'tickets-cmd': { type: 'string' },
      cookie: { type: 'string' },
      origin: { type: 'string' },
      'expect-initial': { type: 'string' },
      reconnect: { type: 'boolean', default: false },
      failover: { type: 'boolean', default: false },
      'after-close': { type: 'string', default: '0' },
      tokens: { type: 'boolean', default: false },
      events: { type: 'boolean', default: false },
      'max-delay': { type: 'string', default: '20' },
      timeout: { type: 'string', default: '20000' },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  }).values
} catch (err) {
  console.error(`${err.message}\n${USAGE}`)
  process.exit(2)
}
if (opts.help) {
  console.log(USAGE)
  process.exit(0)
}
if (!opts.url || !opts.room) {
  console.error(USAGE)
  process.exit(2)
}

const nClients = Number(opts.clients)
const nEdits = Number(opts.edits)
const maxDelay = Number(opts['max-delay'])
const timeoutMs = Number(opts.timeout)
const seed = opts.seed !== undefined ? Number(opts.seed) : Math.floor(Math.random() * 2 ** 31)
const urls = [opts.url, opts.url2].filter(Boolean).map((u) => u.replace(/\/+$/, ''))
const afterClose = Number(opts['after-close'])
const event = opts.events ? (name, extra = {}) => console.log(JSON.stringify({ event: name, ...extra })) : () => {}
const log = opts.verbose ? (...a) => console.error('[interop]', ...a) : () => {}

// mulberry32: a tiny seeded PRNG, so a failing run can be replayed with --seed. The
// interleaving across clients still depends on timing; the edits themselves do not.
let rngState = seed >>> 0
function random () {
  rngState = (rngState + 0x6d2b79f5) >>> 0
  let t = rngState
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const randInt = (n) => Math.floor(random() * n)

// Non-ASCII on purpose: Yjs counts positions in UTF-16 code units, pycrdt/yrs must agree on
// the wire; the emoji is a surrogate pair, the newline matters to markdown.
const ALPHABET = ['a', 'b', 'c', 'x', 'y', 'z', ' ', '\n', 'é', '€', '—', '😀', '#', '*']

const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff
/** Moves a UTF-16 index off the middle of a surrogate pair, so no edit splits an emoji. */
function snap (str, index) {
  return index > 0 && index < str.length && isLowSurrogate(str.charCodeAt(index)) ? index - 1 : index
}

/** One random edit: mostly inserts of 1-4 characters, sometimes a delete of 1-3. */
function randomEdit (ytext) {
  const str = ytext.toString()
  if (str.length > 0 && random() < 0.3) {
    const start = snap(str, randInt(str.length))
    const end = snap(str, Math.min(str.length, start + 1 + randInt(3)))
    if (end > start) ytext.delete(start, end - start)
    return
  }
  let piece = ''
  for (let k = 1 + randInt(4); k > 0; k--) piece += ALPHABET[randInt(ALPHABET.length)]
  ytext.insert(snap(str, randInt(str.length + 1)), piece)
}

/** A token edit: "c<client>.<k>;" inserted at the start or right after a token's ";". */
function tokenEdit (ytext, clientIndex, k) {
  const str = ytext.toString()
  const boundaries = [0]
  for (let i = str.indexOf(';'); i >= 0; i = str.indexOf(';', i + 1)) boundaries.push(i + 1)
  ytext.insert(boundaries[randInt(boundaries.length)], `c${clientIndex}.${k};`)
}

function finish (result, code) {
  console.log(JSON.stringify(result))
  // The providers' timers (reconnect watchdog, backoff) would keep the process alive.
  for (const c of clients) c.provider.destroy()
  process.exit(code)
}

// --failover: where a lost connection goes next, and what every client held at the first loss.
let firstClose = null
function watchConnection (client) {
  Object.assign(client, { edits: 0, editsOffline: 0, editsAfterClose: 0, firstUrl: client.url })
  client.provider.on('connection-close', () => {
    if (!client.provider.shouldConnect) return // a deliberate disconnect()
    if (firstClose === null) {
      // Before anyone could reconnect anywhere: what each client had received by then.
      firstClose = { client: client.id, at: Date.now(), state_vectors: clients.map(stateVectorOf) }
      event('first-close', { client: client.id })
      log(`client ${client.id} lost its connection to ${client.provider.serverUrl}`)
    }
    if (opts.failover && urls.length > 1) {
      const next = urls[(urls.indexOf(client.provider.serverUrl) + 1) % urls.length]
      client.provider.serverUrl = next
    }
  })
}
const wantsMore = (client) => opts.failover && afterClose > 0 && client.editsAfterClose < afterClose
const stateVectorOf = (c) => Object.fromEntries(yjs.decodeStateVector(yjs.encodeStateVector(c.doc)))

const tickets = new TicketPool({ tickets: splitList(opts.tickets), command: opts['tickets-cmd'] || null })
const WebSocketPolyfill = webSocketClass({ cookie: opts.cookie, origin: opts.origin })
const clients = []

try {
  tickets.prefetch(nClients + (opts.reconnect ? 1 : 0))
  for (let i = 0; i < nClients; i++) {
    clients.push(createClient({ url: urlFor(urls, i), room: opts.room, id: i, tickets, WebSocketPolyfill }))
  }
  for (const client of clients) watchConnection(client)
  await Promise.all(clients.map((c) => whenSynced(c, timeoutMs)))
} catch (err) {
  finish({ converged: false, error: `setup: ${err.message}`, clients: nClients, edits: nEdits, seed }, 2)
}
log(`${nClients} clients synced on ${urls.join(' + ')}, room ${opts.room}`)

// Nobody has edited yet, so each client now holds exactly what the server had stored.
if (opts['expect-initial'] !== undefined) {
  const initial = clients.map((c) => c.text.toString())
  if (initial.some((t) => t !== opts['expect-initial'])) {
    finish({ converged: false, error: 'initial sync did not deliver the expected text', expected: opts['expect-initial'], texts: initial, clients: nClients, edits: nEdits, seed }, 1)
  }
  log('initial content checked')
}

let offlineEdits = 0
async function run (client) {
  const dropAt = opts.reconnect && client.id === 0 ? Math.floor(nEdits / 2) : -1
  const started = Date.now()
  for (let k = 0; k < nEdits || wantsMore(client); k++) {
    if (k === dropAt) {
      client.provider.disconnect()
      log(`client 0 offline after ${k} edits`)
    }
    await sleep(randInt(maxDelay + 1))
    if (k >= nEdits && firstClose === null && Date.now() - started > timeoutMs) {
      throw new Error(`no connection lost within ${timeoutMs} ms (--after-close)`)
    }
    if (opts.tokens) tokenEdit(client.text, client.id, k)
    else randomEdit(client.text)
    client.edits++
    if (!client.provider.wsconnected) client.editsOffline++
    if (firstClose !== null) client.editsAfterClose++
    if (dropAt >= 0 && k >= dropAt) offlineEdits++
  }
  if (dropAt >= 0) {
    // Stay offline a little longer so the others' edits pile up on the server too.
    await sleep(maxDelay * 5 + 100)
    client.reconnect()
    await whenSynced(client, timeoutMs)
    log('client 0 reconnected and synced')
  }
}

event('synced')
try {
  await Promise.all(clients.map(run))
} catch (err) {
  finish({ converged: false, error: `editing: ${err.message}`, clients: nClients, edits: nEdits, seed }, 1)
}

const stateOf = (c) => Buffer.from(yjs.encodeStateVector(c.doc)).toString('base64')
const converged = () => {
  const text = clients[0].text.toString()
  const sv = stateOf(clients[0])
  return clients.every((c) => c.text.toString() === text && stateOf(c) === sv)
}
const deadline = Date.now() + timeoutMs
while (!converged() && Date.now() < deadline) await sleep(50)

const text = clients[0].text.toString()
const base = { clients: nClients, edits: nEdits, seed, servers: urls.length }
if (opts.reconnect) base.offline_edits = offlineEdits
if (opts.failover || opts.tokens) {
  // Per client: its Yjs client id, where it started and ended, how many edits it made (and of
  // those, how many while disconnected or after the first loss), how many connections closed.
  base.per_client = clients.map((c) => ({
    client_id: c.doc.clientID,
    first_url: c.firstUrl,
    last_url: c.provider.serverUrl,
    edits: c.edits,
    edits_offline: c.editsOffline,
    edits_after_close: c.editsAfterClose,
    closes: c.closes
  }))
  base.first_close = firstClose
  base.update = Buffer.from(yjs.encodeStateAsUpdate(clients[0].doc)).toString('base64')
}
if (converged()) {
  finish({ converged: true, text, length: text.length, ...base }, 0)
} else {
  finish({
    converged: false,
    ...base,
    texts: clients.map((c) => c.text.toString()),
    state_vectors: clients.map((c) => Object.fromEntries(yjs.decodeStateVector(yjs.encodeStateVector(c.doc)))),
    errors: clients.map((c) => c.errors)
  }, 1)
}
