// Renders a Vega spec to SVG (vega's headless renderer, no canvas) and PNG (resvg). Lives in
// this package so that bench scripts elsewhere in the repo resolve vega and resvg from
// tools/yjs/node_modules. Both are dev dependencies: `npm ci --omit=dev` skips them.

import * as vega from 'vega'
import { Resvg } from '@resvg/resvg-js'

export async function renderChart (spec, { zoom = 2 } = {}) {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' })
  const svg = await view.toSVG()
  // Text in the PNG needs a system font (fonts-dejavu on Debian); the SVG names its fonts.
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, font: { loadSystemFonts: true } }).render().asPng()
  return { svg, png }
}
