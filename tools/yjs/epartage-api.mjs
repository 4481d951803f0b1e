#!/usr/bin/env node
// The few e-Partage REST calls the co-editing tests need, so a test run can make its own
// draft and tickets. Written against the API as specified for drafts (not yet served when
// this was written): adjust here, in one place, if it changes.
//
//   node epartage-api.mjs token                                   -> prints an API token
//   node epartage-api.mjs create-draft --space ID [--title T] [--markdown M]  -> prints the id
//   node epartage-api.mjs tickets --draft ID [--count N]          -> N tickets, one per line
//   node epartage-api.mjs draft --draft ID                        -> the draft as JSON
//
// Environment: EPARTAGE_BASE (default http://127.0.0.1:8000); EPARTAGE_TOKEN, or
// EPARTAGE_USERNAME and EPARTAGE_PASSWORD to log in (the login endpoint is throttled: for
// repeated runs, get a token once with `token` and export EPARTAGE_TOKEN).
// `tickets` reads its count from --count or TICKETS_COUNT, so it works as --tickets-cmd:
//   --tickets-cmd "node tools/yjs/epartage-api.mjs tickets --draft 42"

import { parseArgs } from 'node:util'

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    space: { type: 'string' },
    draft: { type: 'string' },
    title: { type: 'string', default: 'Brouillon de test co-édition' },
    markdown: { type: 'string', default: '' },
    count: { type: 'string', default: process.env.TICKETS_COUNT || '1' }
  }
})
const base = (process.env.EPARTAGE_BASE || 'http://127.0.0.1:8000').replace(/\/+$/, '')

async function call (method, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Token ${token}` } : {})
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

async function token () {
  if (process.env.EPARTAGE_TOKEN) return process.env.EPARTAGE_TOKEN
  const { EPARTAGE_USERNAME: username, EPARTAGE_PASSWORD: password } = process.env
  if (!username || !password) throw new Error('set EPARTAGE_TOKEN, or EPARTAGE_USERNAME and EPARTAGE_PASSWORD')
  return (await call('POST', '/auth/token/', { username, password })).token
}

function need (name) {
  if (!opts[name]) throw new Error(`--${name} is required`)
  return opts[name]
}

const commands = {
  async token () {
    console.log(await token())
  },
  async 'create-draft' () {
    const draft = await call('POST', '/drafts/', {
      space: Number(need('space')), title: opts.title, markdown: opts.markdown
    }, await token())
    console.log(draft.id)
  },
  async tickets () {
    const t = await token()
    const id = need('draft')
    // One request at a time: the server's ticket endpoint may be throttled too.
    for (let i = 0; i < Number(opts.count); i++) {
      console.log((await call('POST', `/drafts/${id}/ticket/`, undefined, t)).ticket)
    }
  },
  async draft () {
    console.log(JSON.stringify(await call('GET', `/drafts/${need('draft')}/`, undefined, await token())))
  }
}

const command = commands[positionals[0]]
if (!command) {
  console.error('usage: node epartage-api.mjs token | create-draft --space ID | tickets --draft ID [--count N] | draft --draft ID')
  process.exit(2)
}
try {
  await command()
} catch (err) {
  console.error(err.message)
  process.exit(1)
}
