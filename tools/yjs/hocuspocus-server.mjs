#!/usr/bin/env node
// Hocuspocus (@hocuspocus/server), the second peer of the co-editing bench: a Yjs server that,
// like the y-websocket reference, keeps documents in memory and stores nothing (no extension,
// no onStoreDocument hook; its debounced store then has nothing to call). Clients must use its
// own provider (@hocuspocus/provider): its protocol prefixes every message with the document
// name, so a y-websocket provider cannot talk to it. Dev dependency only (bench, not interop).
//
// Usage: node hocuspocus-server.mjs [--host 127.0.0.1] [--port 0]
//
// --port 0 (the default) picks a free port. Once listening, one JSON line is printed on stdout,
// {"listening": true, "host": ..., "port": ...}, as reference-server.mjs does.

import { parseArgs } from 'node:util'
import { Server } from '@hocuspocus/server'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.PORT || '0' }
  }
})

const server = new Server({
  address: values.host,
  port: Number(values.port),
  quiet: true, // no start screen: stdout carries the one JSON line
  stopOnSignals: true // SIGINT/SIGTERM: destroy (closes sockets), then exit 0
})
await server.listen()
const { address, port } = server.httpServer.address()
console.log(JSON.stringify({ listening: true, host: address, port }))
