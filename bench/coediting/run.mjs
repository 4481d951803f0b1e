#!/usr/bin/env node
// Co-editing propagation bench: N y-websocket clients on one room, a steady total rate of
// small inserts, and for every insert the time until each *other* client sees it.
//
// All clients live in this one process, so send and arrival times come from the same clock
// (performance.now()); the price is that this process's own CPU and event-loop delay are part
// of every figure, and both are reported. Dependencies come from tools/yjs (npm ci there).
//
// Each update inserts a marker ⟦client:seq⟧ at a random marker boundary of the text (never
// inside another marker, so a marker arrives whole in one item). Receivers find markers in the
// inserted strings of the updates their doc integrates from the server. Losses are the (marker, receiver)
// pairs still missing once every client has stopped sending and the settle time is over.
//
// stdout: one JSON object (the result); stderr: a human table. See README.md.

import { spawn } from 'node:child_process'
import { writeFileSync, readFileSync } from 'node:fs'
import { performance, monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import {
  yjs, createClient, whenSynced, sleep, splitList, urlFor, webSocketClass, TicketPool
} from '../../tools/yjs/lib/client.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const REFERENCE_SERVER = path.join(HERE, '../../tools/yjs/reference-server.mjs')

const USAGE = `usage: node bench/coediting/run.mjs [--target reference | --url URL [--url URL2 ...]] [options]
  --target reference   start tools/yjs/reference-server.mjs on a free port (default without --url)
  --url URL            server URL without the room (ws://HOST:PORT/ws/drafts); repeat it to
                       alternate clients between several servers/workers
  --room ID            room (draft id); default bench-<time> (the reference server takes any)
  --label NAME         name of this target in the result (default: reference or the URL)
  --clients N          clients (default 20)
  --rate R             total updates per second, spread evenly across clients (default 100)
  --duration S         seconds of sending (default 20)
  --settle S           at most this long to wait for late deliveries after sending (default 5)
  --tickets t1,...     single-use tickets, one per connection (sent as ?ticket=)
  --tickets-cmd CMD    shell command printing tickets one per line; TICKETS_COUNT is set
  --cookie STR         Cookie header; --origin URL: Origin header
  --server-pid PID     also report this server process's CPU use (repeatable; set for reference)
  --out FILE           also write the JSON result to FILE
  --timeout MS         connection/sync timeout (default 20000)`

let opts
try {
  opts = parseArgs({
    options: {
      target: { type: 'string' },
      url: { type: 'string', multiple: true, default: [] },
      room: { type: 'string' },
      label: { type: 'string' },
      clients: { type: 'string', default: '20' },
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '20' },
      settle: { type: 'string', default: '5' },
      tickets: { type: 'string' },
      'tickets-cmd': { type: 'string' },
      cookie: { type: 'string' },
      origin: { type: 'string' },
      'server-pid': { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      timeout: { type: 'string', default: '20000' },
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
const useReference = opts.target === 'reference' || (opts.target === undefined && opts.url.length === 0)
if (!useReference && opts.url.length === 0) {
  console.error(`--target must be "reference", or give --url\n${USAGE}`)
  process.exit(2)
}

const nClients = Number(opts.clients)
const rate = Number(opts.rate)
const durationS = Number(opts.duration)
const settleS = Number(opts.settle)
const timeoutMs = Number(opts.timeout)
const room = opts.room || `bench-${Date.now()}`

/** Starts the reference server on a free port; resolves with its process and port. */
function startReference () {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REFERENCE_SERVER, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)))
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, port: JSON.parse(line).port }))
  })
}

/** utime + stime of a process, in seconds (Linux /proc; clock ticks are 100 Hz there). */
function cpuSeconds (pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

const percentile = (sorted, p) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
const round = (x, digits = 1) => (x === null ? null : Number(x.toFixed(digits)))

let reference = null
let urls = opts.url
const serverPids = opts['server-pid'].map(Number)
if (useReference) {
  reference = await startReference()
  urls = [`ws://127.0.0.1:${reference.port}/ws/drafts`]
  serverPids.push(reference.child.pid)
}
const label = opts.label || (useReference ? 'reference' : urls.join(' + '))

const tickets = new TicketPool({ tickets: splitList(opts.tickets), command: opts['tickets-cmd'] || null })
const WebSocketPolyfill = webSocketClass({ cookie: opts.cookie, origin: opts.origin })

// sendTimes: marker -> performance.now() at insert. arrivals: marker -> receivers seen.
const sendTimes = new Map()
const arrivals = new Map()
const latencies = []
const MARKER = /⟦(\d+):(\d+)⟧/g

const clients = []
let exitCode = 0
try {
  tickets.prefetch(nClients)
  for (let i = 0; i < nClients; i++) {
    const client = createClient({ url: urlFor(urls, i), room, id: i, tickets, WebSocketPolyfill })
    client.seq = 0
    // Arrivals are read from the binary updates the doc integrates (yjs.decodeUpdate), not from
    // Y.Text deltas: computing a delta walks the whole text, which made this client process
    // the bottleneck. 'update' fires once the inserted items are integrated, i.e. visible.
    client.doc.on('update', (update, origin) => {
      if (origin !== client.provider) return
      const now = performance.now()
      for (const struct of yjs.decodeUpdate(update).structs) {
        const str = struct.content?.str
        if (typeof str !== 'string') continue
        for (const m of str.matchAll(MARKER)) {
          const key = `${m[1]}:${m[2]}`
          const sent = sendTimes.get(key)
          const seen = arrivals.get(key)
          // Markers from an earlier run in the same room have no send time: ignored.
          if (sent === undefined || seen.has(i)) continue
          seen.add(i)
          latencies.push(now - sent)
        }
      }
    })
    clients.push(client)
  }
  await Promise.all(clients.map((c) => whenSynced(c, timeoutMs)))
} catch (err) {
  console.error(`setup failed: ${err.message}`)
  for (const c of clients) c.provider.destroy()
  reference?.child.kill()
  process.exit(2)
}
console.error(`[bench] ${label}: ${nClients} clients synced on room ${room}; ${rate} updates/s for ${durationS} s`)

/** Inserts a marker at a random boundary between markers (or at either end). */
function sendUpdate (client) {
  const key = `${client.id}:${client.seq++}`
  const str = client.text.toString()
  const r = Math.floor(Math.random() * (str.length + 1))
  const close = r === 0 ? -1 : str.indexOf('⟧', r - 1)
  const pos = r === 0 ? 0 : close === -1 ? str.length : close + 1
  arrivals.set(key, new Set())
  sendTimes.set(key, performance.now())
  // The provider encodes and sends the update synchronously, inside this call.
  client.text.insert(pos, `⟦${key}⟧`)
}

// The histogram records whole intervals between its timer's ticks, so the resolution itself
// is subtracted below to get the delay.
const LOOP_RESOLUTION_MS = 10
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
loopDelay.enable()
const cpuBefore = process.cpuUsage()
const serverCpuBefore = serverPids.map(cpuSeconds)
const closesBefore = clients.reduce((n, c) => n + c.closes, 0)

// One scheduler for all clients: update k is due at t0 + k/rate and goes to client k mod N,
// so the total rate is steady and each client sends every N/rate seconds, staggered.
const total = Math.round(rate * durationS)
const t0 = performance.now()
let k = 0
while (k < total) {
  const now = performance.now()
  while (k < total && t0 + (k * 1000) / rate <= now) {
    sendUpdate(clients[k % nClients])
    k++
  }
  if (k < total) await sleep(Math.max(0, t0 + (k * 1000) / rate - performance.now()))
}
const sendEnd = performance.now()

const expected = total * (nClients - 1)
const settleDeadline = sendEnd + settleS * 1000
while (latencies.length < expected && performance.now() < settleDeadline) await sleep(20)
const end = performance.now()
loopDelay.disable()
const cpu = process.cpuUsage(cpuBefore)
const wall = (end - t0) / 1000

const textOf = (c) => c.text.toString()
const converged = clients.every((c) => textOf(c) === textOf(clients[0]))
const sorted = Float64Array.from(latencies).sort()
const serverCpu = serverPids.map((pid, i) => {
  const after = cpuSeconds(pid)
  return after === null || serverCpuBefore[i] === null ? null : round((100 * (after - serverCpuBefore[i])) / wall)
})

const result = {
  label,
  urls,
  room,
  clients: nClients,
  rate,
  duration_s: durationS,
  sent: total,
  send_rate: round(total / ((sendEnd - t0) / 1000)),
  expected_deliveries: expected,
  delivered: latencies.length,
  lost: expected - latencies.length,
  delivery_rate: round(latencies.length / wall),
  latency_ms: {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(percentile(sorted, 100)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1))
  },
  converged,
  reconnections: clients.reduce((n, c) => n + c.closes, 0) - closesBefore,
  client_event_loop_delay_ms: {
    p99: round(Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS)),
    max: round(Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS))
  },
  client_cpu_pct: round((100 * (cpu.user + cpu.system)) / 1e6 / wall),
  server_cpu_pct: serverCpu,
  node: process.version,
  date: new Date().toISOString()
}

const L = result.latency_ms
console.error([
  '',
  `| target | clients | updates/s | sent | lost | p50 ms | p95 ms | p99 ms | max ms | deliveries/s |`,
  `|---|---|---|---|---|---|---|---|---|---|`,
  `| ${label} | ${nClients} | ${result.send_rate} | ${total} | ${result.lost} | ${L.p50} | ${L.p95} | ${L.p99} | ${L.max} | ${result.delivery_rate} |`,
  '',
  `converged: ${converged}; reconnections: ${result.reconnections}; client CPU ${result.client_cpu_pct}%, ` +
    `event-loop delay p99 ${result.client_event_loop_delay_ms.p99} ms; server CPU ${JSON.stringify(serverCpu)}%`
].join('\n'))
console.log(JSON.stringify(result))
if (opts.out) writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n')

if (result.lost > 0 || !converged) exitCode = 1
for (const c of clients) c.provider.destroy()
reference?.child.kill()
process.exit(exitCode)
