#!/usr/bin/env node
// Co-editing propagation bench: N clients per room (one room, or many), a steady rate of small
// inserts per room, and for every insert the time until each *other* client of its room sees it.
//
// Clients are stock Yjs providers: y-websocket's (the reference server, ours), or Hocuspocus's
// own (the hocuspocus target). By default all clients live in this one process; when the
// deliveries per second would saturate one Node process, they are split over several
// (--procs, worker.mjs), on a schedule and a clock shared by the machine's processes
// (group.mjs). Each process's CPU and event-loop delay are part of every figure, and reported.
//
// Each update inserts a marker ⟦client:seq⟧ at a random marker boundary of the text (never
// inside another marker, so a marker arrives whole in one item). Receivers find markers in the
// inserted strings of the updates their doc integrates from the server. Losses are the
// (marker, receiver) pairs still missing once every client has stopped sending and the settle
// time is over.
//
// stdout: one JSON object (the result); stderr: a human table. See README.md.

import { fork, spawn } from 'node:child_process'
import { writeFileSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { splitList } from '../../tools/yjs/lib/client.mjs'
import { ClientGroup, Schedule, clock } from './group.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const PEER_SERVERS = {
  reference: path.join(HERE, '../../tools/yjs/reference-server.mjs'),
  hocuspocus: path.join(HERE, '../../tools/yjs/hocuspocus-server.mjs')
}
// Deliveries per second one bench process is given under --procs auto. On the project's 2-core
// machine (README.md, 2026-11-28 runs) one process's event-loop delay p99 was 3-4 ms at 1 900/s
// and 49 ms at 9 500/s (saturated): 5 000 keeps a process well short of that.
const DELIVERIES_PER_PROCESS = 5000
const MAX_AUTO_PROCS = 4

const USAGE = `usage: node bench/coediting/run.mjs [--target reference|hocuspocus | --url URL [--url URL2 ...]] [options]
  --target reference   start tools/yjs/reference-server.mjs (y-websocket) on a free port
                       (the default without --url)
  --target hocuspocus  start tools/yjs/hocuspocus-server.mjs on a free port; clients use
                       @hocuspocus/provider
  --url URL            server URL without the room (ws://HOST:PORT/ws/drafts); repeat it to
                       alternate clients between several servers/workers
  --provider P         y-websocket (default) or hocuspocus, for --url
  --room ID            room (draft id); repeat or comma-separate for several rooms
                       (default bench-<time>[-<r>]: the reference and Hocuspocus take any)
  --rooms R            number of rooms when --room is not given (default 1)
  --label NAME         name of this target in the result (default: the target or the URL)
  --clients N          clients per room (default 20)
  --rate R             updates per second per room, spread evenly across its clients (default 100)
  --duration S         seconds of sending (default 20)
  --settle S           at most this long to wait for late deliveries after sending (default 5)
  --procs P|auto       bench processes the clients are split over (default auto: one per
                       ${DELIVERIES_PER_PROCESS} deliveries/s, at most ${MAX_AUTO_PROCS})
  --connect-batch B    clients connected (and synced) at a time (default 100)
  --tickets t1,...     single-use tickets, one per connection (sent as ?ticket=), one room only
  --tickets-cmd CMD    shell command printing tickets one per line; TICKETS_COUNT and
                       TICKETS_ROOM are set (with several rooms in one batch: TICKETS_ROOMS=
                       "room:count,...", and it prints "room ticket" lines)
  --cookie STR         Cookie header; --origin URL: Origin header
  --server-pid PID     also report this server process's CPU use (repeatable; set for peers)
  --out FILE           also write the JSON result to FILE
  --timeout MS         connection/sync timeout (default 20000)`

let opts
try {
  opts = parseArgs({
    options: {
      target: { type: 'string' },
      url: { type: 'string', multiple: true, default: [] },
      provider: { type: 'string', default: 'y-websocket' },
      room: { type: 'string', multiple: true, default: [] },
      rooms: { type: 'string', default: '1' },
      label: { type: 'string' },
      clients: { type: 'string', default: '20' },
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '20' },
      settle: { type: 'string', default: '5' },
      procs: { type: 'string', default: 'auto' },
      'connect-batch': { type: 'string', default: '100' },
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
const peer = opts.target ?? (opts.url.length === 0 ? 'reference' : null)
if (peer !== null && !(peer in PEER_SERVERS)) {
  console.error(`--target must be one of ${Object.keys(PEER_SERVERS).join(', ')}, or give --url\n${USAGE}`)
  process.exit(2)
}
const kind = peer === 'hocuspocus' ? 'hocuspocus' : opts.provider
if (!['y-websocket', 'hocuspocus'].includes(kind)) {
  console.error(`--provider must be y-websocket or hocuspocus\n${USAGE}`)
  process.exit(2)
}

const nClients = Number(opts.clients)
const rate = Number(opts.rate)
const durationS = Number(opts.duration)
const settleS = Number(opts.settle)
const timeoutMs = Number(opts.timeout)
const stamp = Date.now()
let rooms = opts.room.flatMap(splitList)
if (rooms.length === 0) {
  const count = Number(opts.rooms)
  rooms = count === 1 ? [`bench-${stamp}`] : Array.from({ length: count }, (_, r) => `bench-${stamp}-${r}`)
}
const fixedTickets = splitList(opts.tickets)
if (fixedTickets.length > 0 && rooms.length > 1) {
  console.error('--tickets is for one room; use --tickets-cmd with several')
  process.exit(2)
}
const schedule = new Schedule({ rooms, clientsPerRoom: nClients, rate, durationS })
const deliveriesPerS = rate * rooms.length * (nClients - 1)
const procs = opts.procs === 'auto'
  ? Math.min(MAX_AUTO_PROCS, Math.max(1, Math.ceil(deliveriesPerS / DELIVERIES_PER_PROCESS)))
  : Math.max(1, Number(opts.procs))

/** Starts a peer server (reference, hocuspocus) on a free port; resolves with its process and port. */
function startPeer (name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PEER_SERVERS[name], '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)))
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
const round = (x, digits = 1) => (x === null || x === undefined ? null : Number(x.toFixed(digits)))

let server = null
let urls = opts.url
const serverPids = opts['server-pid'].map(Number)
if (peer !== null) {
  server = await startPeer(peer)
  urls = [peer === 'hocuspocus' ? `ws://127.0.0.1:${server.port}` : `ws://127.0.0.1:${server.port}/ws/drafts`]
  serverPids.push(server.child.pid)
}
const label = opts.label || peer || urls.join(' + ')

// --- The clients: in this process, or in `procs` forked ones (client id mod procs) ---------
const allIds = Array.from({ length: rooms.length * nClients }, (_, id) => id)
const specFor = (ids) => ({
  kind,
  ids,
  urls,
  rooms,
  clientsPerRoom: nClients,
  rate,
  durationS,
  tickets: fixedTickets.length > 0 ? Object.fromEntries(fixedTickets.map((t, i) => [i, t])) : null,
  ticketsCmd: opts['tickets-cmd'] || null,
  cookie: opts.cookie,
  origin: opts.origin,
  timeoutMs,
  connectBatch: Number(opts['connect-batch'])
})

/** The same interface for an in-process group and a forked one. */
class LocalPart {
  constructor (ids) { this.group = new ClientGroup(specFor(ids)); this.pid = process.pid }
  connect () { return this.group.connect() }
  async clockOffset () { return { offset_ms: 0, bound_ms: 0 } }
  async run (t0) { await this.group.run(t0, settleS); return this.group.report() }
  stop () { this.group.destroy() }
}

class ForkedPart {
  constructor (ids) {
    this.child = fork(path.join(HERE, 'worker.mjs'), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.pid = this.child.pid
    this.ids = ids
    this.waiting = new Map()
    this.child.on('message', (m) => {
      const key = m.type === 'pong' ? `pong-${m.id}` : m.type === 'failed' ? null : m.type
      if (m.type === 'failed') {
        for (const { reject } of this.waiting.values()) reject(new Error(`bench process ${this.pid}: ${m.error}`))
        this.waiting.clear()
        return
      }
      const w = this.waiting.get(key)
      if (w) { this.waiting.delete(key); w.resolve(m) }
    })
    this.child.on('exit', (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`bench process ${this.pid} exited with ${code}`))
      this.waiting.clear()
    })
  }

  request (message, key) {
    return new Promise((resolve, reject) => {
      this.waiting.set(key, { resolve, reject })
      this.child.send(message)
    })
  }

  connect () { return this.request({ type: 'init', spec: specFor(this.ids) }, 'synced') }

  /**
   * How far this process's clock is from ours: the best of a few IPC round trips, offset =
   * its time − the middle of the trip, bound = half the trip. Near 0 when both read the same
   * machine clock, as they should; reported so that a reader can check.
   */
  async clockOffset () {
    let best = null
    for (let i = 0; i < 7; i++) {
      const before = clock()
      const { t } = await this.request({ type: 'ping', id: i }, `pong-${i}`)
      const after = clock()
      const bound = (after - before) / 2
      if (best === null || bound < best.bound_ms) best = { offset_ms: t - (before + after) / 2, bound_ms: bound }
    }
    return { offset_ms: round(best.offset_ms, 3), bound_ms: round(best.bound_ms, 3) }
  }

  async run (t0) { return (await this.request({ type: 'start', t0, settleS }, 'done')).report }
  stop () { if (this.child.connected) this.child.send({ type: 'stop' }) }
}

const parts = procs === 1
  ? [new LocalPart(allIds)]
  : Array.from({ length: procs }, (_, p) => new ForkedPart(allIds.filter((id) => id % procs === p)))

const stopAll = () => {
  for (const part of parts) part.stop()
  server?.child.kill()
}

let offsets
try {
  await Promise.all(parts.map((part) => part.connect()))
  offsets = []
  for (const part of parts) offsets.push(await part.clockOffset())
} catch (err) {
  console.error(`setup failed: ${err.message}`)
  stopAll()
  process.exit(2)
}
console.error(
  `[bench] ${label}: ${allIds.length} clients synced on ${rooms.length === 1 ? `room ${rooms[0]}` : `${rooms.length} rooms`}` +
  ` (${nClients} per room), in ${procs} process(es); ${rate} updates/s per room for ${durationS} s`
)

const serverCpuBefore = serverPids.map(cpuSeconds)
// Every part starts on the same shared-clock instant, a little ahead so that all have it.
const t0 = clock() + 200
let reports
try {
  reports = await Promise.all(parts.map((part) => part.run(t0)))
} catch (err) {
  console.error(`run failed: ${err.message}`)
  stopAll()
  process.exit(2)
}
const end = Math.max(...reports.map((r) => r.end))
const wall = (end - t0) / 1000

// --- Merge: send time of every update, then one latency per (update, receiver) arrival -----
const sendTime = new Float64Array(schedule.total).fill(NaN)
for (const r of reports) for (let i = 0; i < r.sendG.length; i++) sendTime[r.sendG[i]] = r.sendT[i]
const sent = reports.reduce((n, r) => n + r.sendG.length, 0)
const delivered = reports.reduce((n, r) => n + r.arrG.length, 0)
const latencies = new Float64Array(delivered)
const perRoom = rooms.length > 1 ? rooms.map(() => []) : null
let li = 0
for (const r of reports) {
  for (let i = 0; i < r.arrG.length; i++) {
    const latency = r.arrT[i] - sendTime[r.arrG[i]]
    latencies[li++] = latency
    if (perRoom) perRoom[r.arrG[i] % rooms.length].push(latency)
  }
}
latencies.sort()
const sendEnd = Math.max(...reports.map((r) => r.sendEnd))
const expected = schedule.total * (nClients - 1)

const digests = new Map()
for (const r of reports) {
  for (const [id, digest] of r.texts) {
    const room = Math.floor(id / nClients)
    if (!digests.has(room)) digests.set(room, new Set())
    digests.get(room).add(digest)
  }
}
const converged = [...digests.values()].every((set) => set.size === 1)
const serverCpu = serverPids.map((pid, i) => {
  const after = cpuSeconds(pid)
  return after === null || serverCpuBefore[i] === null ? null : round((100 * (after - serverCpuBefore[i])) / wall)
})
let roomP99 = null
if (perRoom) {
  const p99s = perRoom.map((l) => percentile(Float64Array.from(l).sort(), 99)).filter((x) => x !== null).sort((a, b) => a - b)
  roomP99 = { median: round(percentile(p99s, 50)), max: round(percentile(p99s, 100)) }
}

const result = {
  label,
  urls,
  provider: kind,
  room: rooms.length === 1 ? rooms[0] : undefined,
  rooms: rooms.length,
  clients: nClients,
  total_clients: allIds.length,
  rate,
  duration_s: durationS,
  sent,
  send_rate: round(sent / ((sendEnd - t0) / 1000)),
  expected_deliveries: expected,
  delivered,
  lost: expected - delivered,
  delivery_rate: round(delivered / wall),
  latency_ms: {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(percentile(latencies, 100)),
    mean: round(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1))
  },
  room_p99_ms: roomP99 ?? undefined,
  converged,
  reconnections: reports.reduce((n, r) => n + r.reconnections, 0),
  client_errors: reports.flatMap((r) => r.errors).slice(0, 10),
  // The bench's own load: the worst process's event-loop delay, all processes' CPU.
  client_event_loop_delay_ms: {
    p99: Math.max(...reports.map((r) => r.loop_delay_ms.p99)),
    max: Math.max(...reports.map((r) => r.loop_delay_ms.max))
  },
  client_cpu_pct: round(reports.reduce((n, r) => n + r.cpu_pct, 0)),
  client_processes: reports.map((r, p) => ({
    clients: r.ids,
    event_loop_delay_ms: r.loop_delay_ms,
    cpu_pct: r.cpu_pct,
    clock_offset_ms: offsets[p]
  })),
  server_cpu_pct: serverCpu,
  node: process.version,
  date: new Date().toISOString()
}

const L = result.latency_ms
console.error([
  '',
  '| target | rooms | clients/room | updates/s | sent | lost | p50 ms | p95 ms | p99 ms | max ms | deliveries/s |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  `| ${label} | ${rooms.length} | ${nClients} | ${result.send_rate} | ${sent} | ${result.lost} | ${L.p50} | ${L.p95} | ${L.p99} | ${L.max} | ${result.delivery_rate} |`,
  '',
  `converged: ${converged}; reconnections: ${result.reconnections}; bench: ${procs} process(es), CPU ${result.client_cpu_pct}%, ` +
    `event-loop delay p99 ${result.client_event_loop_delay_ms.p99} ms` +
    (procs > 1 ? ` (clock offsets ${offsets.map((o) => `${o.offset_ms}±${o.bound_ms}`).join(', ')} ms)` : '') +
    `; server CPU ${JSON.stringify(serverCpu)}%` +
    (roomP99 ? `; per-room p99 median ${roomP99.median}, max ${roomP99.max} ms` : '') +
    (result.client_errors.length ? `\nclient errors: ${result.client_errors.join('; ')}` : '')
].join('\n'))
console.log(JSON.stringify(result))
if (opts.out) writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n')

stopAll()
process.exit(result.lost > 0 || !converged ? 1 : 0)
