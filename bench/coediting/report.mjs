#!/usr/bin/env node
// Puts run.mjs results (--out files, as compare.py annotates them) side by side: markdown
// tables on stdout and two charts, each written as SVG and next to it as PNG
// (tools/yjs/lib/chart.mjs: vega and resvg, dev dependencies):
//
// --chart FILE.svg        latency p50/p95/p99 per run (sweep and many-drafts runs; threshold
//                         steps only when there is nothing else)
// --scale-chart FILE.svg  p99 against the number of clients on one draft, one line per target
//                         (sweep and threshold runs), with the threshold as a dashed rule; drawn
//                         when some target has results at two client counts or more
//
// usage: node bench/coediting/report.mjs [--chart latency.svg] [--scale-chart scaling.svg] r1.json ...

import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values: opts, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { chart: { type: 'string' }, 'scale-chart': { type: 'string' } }
})
if (files.length === 0) {
  console.error('usage: node bench/coediting/report.mjs [--chart FILE.svg] [--scale-chart FILE.svg] result.json ...')
  process.exit(2)
}
// In run order (each result's end time), whatever the order of the files (a shell glob sorts
// them by name).
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')))
  .sort((a, b) => (a.date && b.date ? a.date.localeCompare(b.date) : 0))
// Results of run.mjs alone have no mode: one room is a sweep point, several a many-drafts run.
for (const r of results) r.mode ??= (r.rooms ?? 1) > 1 ? 'drafts' : 'sweep'
const roomsOf = (r) => r.rooms ?? 1

const cell = (x) => (x === null || x === undefined ? '—' : x)
const loop = (r) => `${cell(r.client_event_loop_delay_ms?.p99)}` + ((r.client_processes?.length ?? 1) > 1 ? ` (${r.client_processes.length} proc.)` : '')
const serverCpu = (r) => (r.server_cpu_pct || []).filter((x) => x !== null).join(' + ') || '—'
const shape = (r) => (roomsOf(r) > 1 ? `${roomsOf(r)} × ${r.clients}` : `${r.clients}`)

const table = (rows) => [
  '| target | clients | updates/s | s | sent | lost | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | bench loop p99 ms | bench CPU % | server CPU % |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const L = r.latency_ms
    const lost = r.converged === false ? `${r.lost} (not converged)` : r.lost
    return `| ${r.label} | ${shape(r)} | ${r.send_rate} | ${r.duration_s} | ${r.sent} | ${lost} | ` +
      `${L.p50} | ${L.p95} | ${L.p99} | ${L.max} | ${r.delivery_rate} | ${loop(r)} | ${r.client_cpu_pct} | ${serverCpu(r)} |`
  })
].join('\n')

const sweep = results.filter((r) => r.mode === 'sweep')
const drafts = results.filter((r) => r.mode === 'drafts')
const threshold = results.filter((r) => r.mode === 'threshold')
const sections = []
if (sweep.length) {
  // By client count, then in run order: peers and ours side by side at each size.
  const sizes = [...new Set(sweep.map((r) => r.clients))].sort((a, b) => a - b)
  sections.push(table(sizes.flatMap((n) => sweep.filter((r) => r.clients === n))))
}
if (drafts.length) {
  sections.push('Many drafts (clients = drafts × clients per draft; latency over all drafts):\n\n' + table(drafts))
  sections.push([
    '| target | drafts × clients | per-draft p99 ms, median | per-draft p99 ms, worst |',
    '|---|---|---|---|',
    ...drafts.map((r) => `| ${r.label} | ${shape(r)} | ${cell(r.room_p99_ms?.median)} | ${cell(r.room_p99_ms?.max)} |`)
  ].join('\n'))
}
if (threshold.length) {
  const limit = threshold[0].threshold_ms ?? 100
  const targets = [...new Set(threshold.map((r) => r.label))]
  const rows = targets.map((label) => {
    const steps = threshold.filter((r) => r.label === label).sort((a, b) => a.clients - b.clients)
    const crossing = steps.find((r) => r.latency_ms.p99 > limit)
    const below = steps.filter((r) => r.latency_ms.p99 <= limit && (!crossing || r.clients < crossing.clients)).at(-1)
    const verdict = crossing
      ? (below ? `between ${below.clients} and ${crossing.clients}` : `at ${crossing.clients} or fewer (first step)`)
      : `not passed up to ${steps.at(-1).clients}`
    const trail = steps.map((r) => `${r.clients}: ${r.latency_ms.p99}` + (r.lost ? ` (lost ${r.lost})` : '')).join(', ')
    // The bench's own event-loop delay where it counts: at the step that crossed (or the last).
    const at = crossing || steps.at(-1)
    const benchLoop = at.client_event_loop_delay_ms?.p99 ?? null
    const limited = benchLoop !== null && benchLoop >= 0.25 * at.latency_ms.p99 ? ' (bench-limited)' : ''
    return `| ${label} | ${verdict} | ${trail} | ${cell(benchLoop)}${limited} |`
  })
  sections.push([
    `Editors on one draft at which p99 passes ${limit} ms (same rate per draft at every step):`,
    '',
    '| target | p99 passes the threshold | p99 ms per step (clients: p99) | bench loop p99 ms at that step |',
    '|---|---|---|---|',
    ...rows
  ].join('\n'))
}
console.log(sections.join('\n\n'))

// --- Charts ---------------------------------------------------------------------------------
let renderChart = null
async function render (spec, file) {
  if (renderChart === null) {
    try {
      ({ renderChart } = await import('../../tools/yjs/lib/chart.mjs'))
    } catch (err) {
      console.error(`no chart: ${err.message}\n(run \`npm ci\` in tools/yjs, without --omit=dev)`)
      process.exit(1)
    }
  }
  const { svg, png } = await renderChart(spec)
  writeFileSync(file, svg)
  const pngPath = file.replace(/\.svg$/, '') + '.png'
  writeFileSync(pngPath, png)
  console.error(`chart: ${file}, ${pngPath}`)
}

if (opts.chart) {
  const charted = sweep.length || drafts.length ? [...sweep, ...drafts] : threshold
  const manyShapes = new Set(charted.map(shape)).size > 1
  // Bars are grouped by name: a name seen again (a repeated run) gets #2, #3...
  const seen = new Map()
  const runName = (r) => {
    const name = manyShapes ? `${r.label} · ${shape(r)}` : r.label
    seen.set(name, (seen.get(name) || 0) + 1)
    return seen.get(name) > 1 ? `${name} #${seen.get(name)}` : name
  }
  const values = charted.flatMap((r) => {
    const run = runName(r)
    return ['p50', 'p95', 'p99'].map((p) => ({ run, percentile: p, ms: r.latency_ms[p] }))
  })
  // Vega's own grouped-bar example: one band per run, a nested band per percentile.
  await render({
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: Math.max(240, 110 * charted.length),
    height: 260,
    padding: 10,
    background: 'white',
    title: { text: 'Co-editing propagation latency per target (p50 / p95 / p99)', subtitle: manyShapes ? 'label · clients (drafts × clients per draft)' : `${shape(charted[0])} clients` },
    data: [{ name: 'table', values }],
    scales: [
      { name: 'x', type: 'band', domain: { data: 'table', field: 'run' }, range: 'width', padding: 0.2 },
      { name: 'y', type: 'linear', domain: { data: 'table', field: 'ms' }, range: 'height', nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: ['p50', 'p95', 'p99'], range: ['#9ecae1', '#4292c6', '#08519c'] }
    ],
    axes: [
      { orient: 'bottom', scale: 'x', labelAngle: charted.length > 6 ? -35 : 0, labelAlign: charted.length > 6 ? 'right' : 'center', labelLimit: 320 },
      { orient: 'left', scale: 'y', title: 'ms', grid: true }
    ],
    legends: [{ fill: 'color', title: 'percentile' }],
    marks: [{
      type: 'group',
      from: { facet: { data: 'table', name: 'facet', groupby: 'run' } },
      encode: { enter: { x: { scale: 'x', field: 'run' } } },
      signals: [{ name: 'width', update: "bandwidth('x')" }],
      scales: [{ name: 'pos', type: 'band', range: 'width', domain: { data: 'facet', field: 'percentile' } }],
      marks: [
        {
          name: 'bars',
          from: { data: 'facet' },
          type: 'rect',
          encode: {
            enter: {
              x: { scale: 'pos', field: 'percentile' },
              width: { scale: 'pos', band: 1 },
              y: { scale: 'y', field: 'ms' },
              y2: { scale: 'y', value: 0 },
              fill: { scale: 'color', field: 'percentile' }
            }
          }
        },
        {
          type: 'text',
          from: { data: 'bars' },
          encode: {
            enter: {
              x: { field: 'x', offset: { field: 'width', mult: 0.5 } },
              y: { field: 'y', offset: -3 },
              align: { value: 'center' },
              fill: { value: 'black' },
              text: { field: 'datum.ms' },
              fontSize: { value: 9 }
            }
          }
        }
      ]
    }]
  }, opts.chart)
}

const oneDraft = [...sweep, ...threshold].filter((r) => roomsOf(r) === 1)
const counts = new Map()
for (const r of oneDraft) counts.set(r.label, new Set([...(counts.get(r.label) || []), r.clients]))
if (opts['scale-chart'] && [...counts.values()].some((s) => s.size > 1)) {
  // One point per (target, clients): the sweep's when both a sweep and a threshold step ran it.
  const points = new Map()
  for (const r of [...threshold, ...sweep]) {
    if (roomsOf(r) !== 1) continue
    // Hollow point: the bench's own event-loop delay p99 is a quarter of the p99 or more, so
    // the figure is partly the bench's (README.md, "Method").
    const benchLoop = r.client_event_loop_delay_ms?.p99 ?? 0
    points.set(`${r.label}|${r.clients}`, {
      target: r.label, clients: r.clients, p99: Math.max(0.1, r.latency_ms.p99), benchLimited: benchLoop >= 0.25 * r.latency_ms.p99
    })
  }
  const values = [...points.values()].sort((a, b) => a.clients - b.clients)
  const limit = threshold[0]?.threshold_ms ?? 100
  await render({
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: 560,
    height: 320,
    padding: 10,
    background: 'white',
    title: { text: 'Co-editing p99 latency against editors on one draft', subtitle: `same total rate per draft; dashed: ${limit} ms; hollow: bench loop delay p99 ≥ ¼ of the p99` },
    data: [{ name: 'table', values }, { name: 'limit', values: [{ ms: limit }] }],
    scales: [
      { name: 'x', type: 'linear', domain: { data: 'table', field: 'clients' }, range: 'width', nice: true, zero: false },
      { name: 'y', type: 'log', domain: { fields: [{ data: 'table', field: 'p99' }, { data: 'limit', field: 'ms' }] }, range: 'height', nice: true },
      { name: 'color', type: 'ordinal', domain: { data: 'table', field: 'target' }, range: 'category' }
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'clients on the draft', grid: true },
      { orient: 'left', scale: 'y', title: 'p99 ms (log scale)', grid: true }
    ],
    legends: [{ stroke: 'color', fill: 'color', title: 'target', symbolType: 'circle', labelLimit: 320 }],
    marks: [
      {
        type: 'rule',
        from: { data: 'limit' },
        encode: { enter: { x: { value: 0 }, x2: { signal: 'width' }, y: { scale: 'y', field: 'ms' }, stroke: { value: '#d62728' }, strokeDash: { value: [6, 4] } } }
      },
      {
        type: 'group',
        from: { facet: { data: 'table', name: 'series', groupby: 'target' } },
        marks: [
          {
            type: 'line',
            from: { data: 'series' },
            encode: { enter: { x: { scale: 'x', field: 'clients' }, y: { scale: 'y', field: 'p99' }, stroke: { scale: 'color', field: 'target' }, strokeWidth: { value: 2 } } }
          },
          {
            type: 'symbol',
            from: { data: 'series' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'clients' },
                y: { scale: 'y', field: 'p99' },
                stroke: { scale: 'color', field: 'target' },
                strokeWidth: { value: 2 },
                fill: [{ test: 'datum.benchLimited', value: 'white' }, { scale: 'color', field: 'target' }],
                size: { value: 50 }
              }
            }
          }
        ]
      }
    ]
  }, opts['scale-chart'])
}
