#!/usr/bin/env node
// Puts several run.mjs results (--out files) side by side: a markdown table on stdout and,
// with --chart FILE.svg, a grouped bar chart of latency p50/p95/p99 per target, written as
// SVG and next to it as PNG (tools/yjs/lib/chart.mjs: vega and resvg, dev dependencies).
//
// usage: node bench/coediting/report.mjs [--chart bench/coediting/latency.svg] r1.json r2.json ...

import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values: opts, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { chart: { type: 'string' } }
})
if (files.length === 0) {
  console.error('usage: node bench/coediting/report.mjs [--chart FILE.svg] result.json ...')
  process.exit(2)
}
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')))

const rows = results.map((r) => {
  const L = r.latency_ms
  return `| ${r.label} | ${r.clients} | ${r.send_rate} | ${r.duration_s} | ${r.sent} | ${r.lost} | ` +
    `${L.p50} | ${L.p95} | ${L.p99} | ${L.max} | ${r.delivery_rate} | ${r.client_cpu_pct} | ` +
    `${(r.server_cpu_pct || []).filter((x) => x !== null).join(' + ') || '—'} |`
})
console.log([
  '| target | clients | updates/s | s | sent | lost | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | client CPU % | server CPU % |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows
].join('\n'))

if (opts.chart) {
  // Imported here only: the table needs no dependency.
  let renderChart
  try {
    ({ renderChart } = await import('../../tools/yjs/lib/chart.mjs'))
  } catch (err) {
    console.error(`no chart: ${err.message}\n(run \`npm ci\` in tools/yjs, without --omit=dev)`)
    process.exit(1)
  }
  const values = results.flatMap((r) =>
    ['p50', 'p95', 'p99'].map((p) => ({ target: r.label, percentile: p, ms: r.latency_ms[p] })))
  // Vega's own grouped-bar example: one band per target, a nested band per percentile.
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: Math.max(240, 160 * results.length),
    height: 240,
    padding: 10,
    background: 'white',
    // Runs may differ in clients and rate: each bar group's label is the run's --label.
    title: { text: 'Co-editing propagation latency per target (p50 / p95 / p99)' },
    data: [{ name: 'table', values }],
    scales: [
      { name: 'x', type: 'band', domain: { data: 'table', field: 'target' }, range: 'width', padding: 0.2 },
      { name: 'y', type: 'linear', domain: { data: 'table', field: 'ms' }, range: 'height', nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: ['p50', 'p95', 'p99'], range: ['#9ecae1', '#4292c6', '#08519c'] }
    ],
    axes: [
      { orient: 'bottom', scale: 'x' },
      { orient: 'left', scale: 'y', title: 'ms', grid: true }
    ],
    legends: [{ fill: 'color', title: 'percentile' }],
    marks: [{
      type: 'group',
      from: { facet: { data: 'table', name: 'facet', groupby: 'target' } },
      encode: { enter: { x: { scale: 'x', field: 'target' } } },
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
              fontSize: { value: 10 }
            }
          }
        }
      ]
    }]
  }
  const { svg, png } = await renderChart(spec)
  writeFileSync(opts.chart, svg)
  const pngPath = opts.chart.replace(/\.svg$/, '') + '.png'
  writeFileSync(pngPath, png)
  console.error(`chart: ${opts.chart}, ${pngPath}`)
}
