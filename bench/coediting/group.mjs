// A group of bench clients living in one Node process: the whole bench when one process is
// enough, or one share of it when run.mjs splits the clients over several processes
// (worker.mjs). See README.md, "Method".
//
// The schedule is global and deterministic, so every process knows it without talking to the
// others: with R rooms, n clients per room, `rate` updates/s per room and D seconds, update g
// (0 <= g < total = round(rate * R * D)) is due at t0 + g / (rate * R); it goes to room
// r = g mod R, whose k-th update (k = floor(g / R)) is sent by the room's client j = k mod n as
// that client's seq-th (seq = floor(k / n)). Client ids are global: id = r * n + j, and the
// marker an update inserts is ⟦id:seq⟧, from which any receiver recovers g.
//
// Times are on a clock shared by the processes of the machine: performance.timeOrigin +
// performance.now() (ms since the epoch, sub-millisecond resolution). A group records the send
// time of each update it sends and the arrival time of each update each of its clients
// receives; run.mjs merges them.

import { execSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { performance, monitorEventLoopDelay } from 'node:perf_hooks'
import {
  yjs, createClient, whenSynced, sleep, webSocketClass, TicketPool
} from '../../tools/yjs/lib/client.mjs'

/** Now on the clock shared by the machine's processes (ms since the epoch). */
export const clock = () => performance.timeOrigin + performance.now()

/** The global schedule (see the header) and its inverse. */
export class Schedule {
  constructor ({ rooms, clientsPerRoom, rate, durationS }) {
    this.R = rooms.length
    this.rooms = rooms
    this.n = clientsPerRoom
    this.rate = rate
    this.total = Math.round(rate * this.R * durationS)
    this.intervalMs = 1000 / (rate * this.R)
  }

  /** Sender id and seq of update g. */
  sender (g) {
    const r = g % this.R
    const k = Math.floor(g / this.R)
    return { r, id: r * this.n + (k % this.n), seq: Math.floor(k / this.n) }
  }

  /** g of marker (id, seq), or -1 when it is not an update of this schedule. */
  index (id, seq) {
    const r = Math.floor(id / this.n)
    if (r >= this.R || id < 0) return -1
    const g = (seq * this.n + (id % this.n)) * this.R + r
    return g < this.total ? g : -1
  }

  /** Updates client `id` should receive: its room's updates but its own. */
  expectedFor (id) {
    const r = Math.floor(id / this.n)
    const j = id % this.n
    const inRoom = this.total > r ? Math.ceil((this.total - r) / this.R) : 0
    const own = inRoom > j ? Math.ceil((inRoom - j) / this.n) : 0
    return inRoom - own
  }
}

/**
 * Tickets for our server, one per connection, from `command` run once for a batch of clients:
 * `wanted` maps room -> count. One room: TICKETS_COUNT and TICKETS_ROOM are set and the command
 * prints one ticket per line (tools/yjs/epartage-api.mjs tickets does that). Several rooms:
 * TICKETS_ROOMS="room:count,..." is set and it prints "room ticket" lines (compare.py tickets
 * does both). Returns room -> [tickets].
 */
export function fetchTickets (command, wanted) {
  const rooms = [...wanted.keys()]
  const single = rooms.length === 1
  const env = single
    ? { TICKETS_COUNT: String(wanted.get(rooms[0])), TICKETS_ROOM: String(rooms[0]) }
    : { TICKETS_ROOMS: rooms.map((r) => `${r}:${wanted.get(r)}`).join(',') }
  const out = execSync(command, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024
  })
  const got = new Map(rooms.map((r) => [r, []]))
  for (const line of out.split('\n').map((s) => s.trim()).filter(Boolean)) {
    if (single) {
      got.get(rooms[0]).push(line)
    } else {
      const [room, ticket] = line.split(/\s+/)
      got.get(room)?.push(ticket)
    }
  }
  for (const r of rooms) {
    if (got.get(r).length < wanted.get(r)) {
      throw new Error(`--tickets-cmd printed ${got.get(r).length} tickets for room ${r}, ${wanted.get(r)} were asked for`)
    }
  }
  return got
}

const MARKER = /⟦(\d+):(\d+)⟧/g
// The histogram records whole intervals between its timer's ticks, so the resolution itself
// is subtracted to get the delay.
const LOOP_RESOLUTION_MS = 10

/**
 * spec: {kind: 'y-websocket' | 'hocuspocus', ids: [client ids], urls, rooms, clientsPerRoom,
 * rate, durationS, tickets: {id: ticket} | null (a fixed list), ticketsCmd (or a command, for
 * the first connections and for reconnections), cookie, origin, timeoutMs, connectBatch}
 */
export class ClientGroup {
  constructor (spec) {
    this.spec = spec
    this.schedule = new Schedule(spec)
    this.clients = []
    this.recording = false
    this.sendG = []
    this.sendT = []
    this.arrR = []
    this.arrG = []
    this.arrT = []
    this.expected = spec.ids.reduce((sum, id) => sum + this.schedule.expectedFor(id), 0)
  }

  /** Creates and syncs the clients, `connectBatch` at a time (a storm of handshakes is not the test). */
  async connect () {
    const { spec } = this
    const WebSocketPolyfill = webSocketClass({ cookie: spec.cookie, origin: spec.origin })
    let hocuspocus = null
    if (spec.kind === 'hocuspocus') {
      // Dev dependency: loaded only for this target.
      hocuspocus = await import('../../tools/yjs/lib/hocuspocus.mjs')
    }
    const batch = Math.max(1, spec.connectBatch || 100)
    const roomOf = (id) => String(spec.rooms[Math.floor(id / this.schedule.n)])
    for (let start = 0; start < spec.ids.length; start += batch) {
      const ids = spec.ids.slice(start, start + batch)
      // Fetched per batch, just before use: tickets expire 60 s after they are issued.
      let batchTickets = null
      if (!hocuspocus && spec.ticketsCmd) {
        const wanted = new Map()
        for (const id of ids) wanted.set(roomOf(id), (wanted.get(roomOf(id)) || 0) + 1)
        batchTickets = fetchTickets(spec.ticketsCmd, wanted)
      }
      const created = ids.map((id) => {
        const room = roomOf(id)
        // Clients alternate between the URLs (workers) by their index in their room.
        const url = spec.urls[(id % this.schedule.n) % spec.urls.length].replace(/\/+$/, '')
        let client
        if (hocuspocus) {
          client = hocuspocus.createHocuspocusClient({ url, room, id, WebSocketPolyfill })
        } else {
          const fixed = spec.tickets ? [spec.tickets[id]] : batchTickets ? [batchTickets.get(room).shift()] : []
          // No command until every client is synced: a connection lost while connecting
          // then gets no ticket, is refused, and the setup fails within --timeout, instead of
          // each loss running the (blocking, seconds-long) command while the rest wait.
          const tickets = new TicketPool({ tickets: fixed, env: { TICKETS_ROOM: String(room) } })
          client = createClient({ url, room, id, tickets, WebSocketPolyfill })
          client.tickets = tickets
        }
        client.seen = new Set()
        client.doc.on('update', (update, origin) => {
          if (origin === client.provider) this.onRemoteUpdate(client, update)
        })
        this.clients.push(client)
        return client
      })
      const synced = hocuspocus ? hocuspocus.whenHocuspocusSynced : whenSynced
      await Promise.all(created.map((c) => synced(c, spec.timeoutMs)))
    }
    // Reconnections during the run take a fresh ticket from the command.
    for (const c of this.clients) if (c.tickets) c.tickets.command = spec.ticketsCmd || null
    this.closesBefore = this.clients.reduce((n, c) => n + c.closes, 0)
  }

  // Arrivals are read from the binary updates the doc integrates (yjs.decodeUpdate), not from
  // Y.Text deltas: computing a delta walks the whole text, which made the bench process the
  // bottleneck. 'update' fires once the inserted items are integrated, i.e. visible.
  onRemoteUpdate (client, update) {
    if (!this.recording) return // the first sync's content, or a previous run's markers
    const now = clock()
    for (const struct of yjs.decodeUpdate(update).structs) {
      const str = struct.content?.str
      if (typeof str !== 'string') continue
      for (const m of str.matchAll(MARKER)) {
        const g = this.schedule.index(Number(m[1]), Number(m[2]))
        if (g < 0 || client.seen.has(g)) continue
        client.seen.add(g)
        this.arrR.push(client.id)
        this.arrG.push(g)
        this.arrT.push(now)
      }
    }
  }

  /** Inserts marker ⟦id:seq⟧ at a random boundary between markers (or at either end). */
  sendUpdate (client, g) {
    const key = `${client.id}:${this.schedule.sender(g).seq}`
    const str = client.text.toString()
    const r = Math.floor(Math.random() * (str.length + 1))
    const close = r === 0 ? -1 : str.indexOf('⟧', r - 1)
    const pos = r === 0 ? 0 : close === -1 ? str.length : close + 1
    this.sendG.push(g)
    this.sendT.push(clock())
    // The provider encodes and sends the update synchronously, inside this call.
    client.text.insert(pos, `⟦${key}⟧`)
  }

  /**
   * Sends this group's share of the schedule from t0 (shared clock), then waits for its
   * clients' expected deliveries until `settleS` after the last global send.
   */
  async run (t0, settleS) {
    const { schedule } = this
    const byId = new Map(this.clients.map((c) => [c.id, c]))
    const mine = []
    for (let g = 0; g < schedule.total; g++) {
      const { id } = schedule.sender(g)
      if (byId.has(id)) mine.push(g)
    }
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
    this.loopDelay.enable()
    this.cpuBefore = process.cpuUsage()
    this.recording = true
    const due = (g) => t0 + g * schedule.intervalMs
    let i = 0
    while (i < mine.length) {
      const now = clock()
      while (i < mine.length && due(mine[i]) <= now) {
        const g = mine[i++]
        this.sendUpdate(byId.get(schedule.sender(g).id), g)
      }
      if (i < mine.length) await sleep(Math.max(0, due(mine[i]) - clock()))
    }
    this.sendEnd = clock()
    const lastDue = due(schedule.total - 1)
    const deadline = Math.max(lastDue, this.sendEnd) + settleS * 1000
    while (this.arrG.length < this.expected && clock() < deadline) await sleep(20)
    this.end = clock()
    this.loopDelay.disable()
    this.cpu = process.cpuUsage(this.cpuBefore)
    this.t0 = t0
  }

  /** What run.mjs merges: sends, arrivals (columns), texts' digests, own load. */
  report () {
    const wall = (this.end - this.t0) / 1000
    const round = (x) => Number(x.toFixed(1))
    return {
      ids: this.spec.ids.length,
      sendG: Float64Array.from(this.sendG),
      sendT: Float64Array.from(this.sendT),
      arrR: Float64Array.from(this.arrR),
      arrG: Float64Array.from(this.arrG),
      arrT: Float64Array.from(this.arrT),
      sendEnd: this.sendEnd,
      end: this.end,
      expected: this.expected,
      // Convergence: each client's room and text digest (compared across processes).
      texts: this.clients.map((c) => {
        const text = c.text.toString()
        return [c.id, createHash('sha1').update(text).digest('hex'), text.length]
      }),
      reconnections: this.clients.reduce((n, c) => n + c.closes, 0) - this.closesBefore,
      errors: this.clients.flatMap((c) => c.errors.slice(-2).map((e) => `${c.id}: ${e}`)).slice(0, 10),
      loop_delay_ms: {
        p99: round(Math.max(0, this.loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS)),
        max: round(Math.max(0, this.loopDelay.max / 1e6 - LOOP_RESOLUTION_MS))
      },
      cpu_pct: round((100 * (this.cpu.user + this.cpu.system)) / 1e6 / wall)
    }
  }

  destroy () {
    for (const c of this.clients) c.provider.destroy()
  }
}
