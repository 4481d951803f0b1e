#!/usr/bin/env node
// The reference y-websocket server (@y/websocket-server's own connection handler), used as
// the yardstick for our Django Channels server: interop.mjs and the co-editing bench are
// validated against it, and the bench reports it next to ours.
//
// Usage: node reference-server.mjs [--host 127.0.0.1] [--port 0] [--seed ROOM=TEXT ...]
//
// --port 0 (the default) picks a free port. Once listening, one JSON line is printed on
// stdout, {"listening": true, "host": ..., "port": ...}, so a parent process can read the
// port instead of guessing a free one.
//
// The room is the request path without its leading "/", e.g. "ws/drafts/42" for
// ws://HOST/ws/drafts/42: the same URL shape as our server, so clients need no change.
// Query parameters (?ticket=...) are accepted and ignored: there is no auth here.
//
// --seed ROOM=TEXT puts TEXT in the Y.Text "content" of ROOM before the first client
// connects, standing in for a draft's stored markdown (interop.mjs --expect-initial).

import http from 'node:http'
import { parseArgs } from 'node:util'
import { WebSocketServer } from 'ws'
import { setupWSConnection, getYDoc } from '@y/websocket-server/utils'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.PORT || '0' },
    seed: { type: 'string', multiple: true, default: [] }
  }
})

for (const spec of values.seed) {
  const eq = spec.indexOf('=')
  if (eq <= 0) {
    console.error(`--seed expects ROOM=TEXT, got ${JSON.stringify(spec)}`)
    process.exit(2)
  }
  // gc stays on, as in setupWSConnection's default, so the seeded doc is like any other room.
  getYDoc(spec.slice(0, eq)).getText('content').insert(0, spec.slice(eq + 1))
}

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('okay')
})
// noServer + handleUpgrade, as in @y/websocket-server's own server.js; we use our pinned
// ws 8 instead of the ws 6 that package pulls in as an optional dependency.
const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})

server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address()
  console.log(JSON.stringify({ listening: true, host: address, port }))
})

const stop = () => {
  for (const client of wss.clients) client.terminate()
  server.close(() => process.exit(0))
  // setupWSConnection keeps a 30 s ping interval per connection; do not wait for it.
  setTimeout(() => process.exit(0), 500).unref()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
