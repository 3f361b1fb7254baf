/**
 * The dependency graph as a standalone SVG a browser opens directly: no graphviz, no dependency.
 * Layout (Sugiyama-lite): longest-path layering over a topological order (Kahn, O(V + E)), then a
 * few barycenter sweeps to order each layer (O(sweeps * (V + E) + V log V)), then boxes placed
 * left to right per layer. Long edges are drawn as curves without dummy nodes, which keeps the
 * whole thing near-linear for 100k-node graphs. Nodes left in a cycle (the planner never emits
 * one, but a hand-made graph may) go to one extra layer at the bottom.
 */
import { kindColour, opsText, type PlanGraph } from './dot.js';

const BOX_H = 36;
const LAYER_GAP = 64;
const NODE_GAP = 14;
const MARGIN = 24;
const CHAR_W = 6.4;
const MAX_LABEL = 40;
const SWEEPS = 8;

export interface Layout {
  ids: string[];
  layer: Int32Array;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  width: number;
  height: number;
  edges: Array<[number, number]>;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/**
 * Crossings among edges joining adjacent layers: per layer pair, sort edges by tail rank and
 * count inversions of head ranks with a Fenwick tree. O(E log V).
 */
function countCrossings(layers: number[][], edges: Array<[number, number]>, layer: Int32Array, rank: Int32Array): number {
  for (const L of layers) L.forEach((u, i) => { rank[u] = i; });
  const byLayer: Array<Array<[number, number]>> = layers.map(() => []);
  for (const [a, b] of edges) if (layer[b] === layer[a] + 1) byLayer[layer[a]].push([rank[a], rank[b]]);
  let total = 0;
  byLayer.forEach((es, li) => {
    if (es.length < 2) return;
    es.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const size = (layers[li + 1]?.length ?? 0) + 1;
    const tree = new Int32Array(size + 1);
    let seen = 0;
    for (const [, h] of es) {
      // edges seen so far whose head is right of h cross this one
      let le = 0;
      for (let i = h + 1; i > 0; i -= i & -i) le += tree[i];
      total += seen - le;
      for (let i = h + 1; i <= size; i += i & -i) tree[i]++;
      seen++;
    }
  });
  return total;
}

/** Layer and order the nodes; returns box centres (x, top y) and widths. */
export function layoutGraph(g: PlanGraph): Layout {
  const ids = g.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const edges: Array<[number, number]> = [];
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const e of g.edges()) {
    const a = index.get(e.v);
    const b = index.get(e.w);
    if (a === undefined || b === undefined || a === b) continue;
    edges.push([a, b]);
    succ[a].push(b);
    pred[b].push(a);
  }
  // longest-path layering in topological order
  const indeg = new Int32Array(n);
  for (const [, b] of edges) indeg[b]++;
  const layer = new Int32Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  const topo: number[] = [];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    topo.push(u);
    for (const v of succ[u]) {
      if (layer[u] + 1 > layer[v]) layer[v] = layer[u] + 1;
      if (--indeg[v] === 0) queue.push(v);
    }
  }
  let maxLayer = 0;
  for (const u of topo) if (layer[u] > maxLayer) maxLayer = layer[u];
  if (topo.length < n) {
    const seen = new Uint8Array(n);
    for (const u of topo) seen[u] = 1;
    maxLayer++;
    for (let i = 0; i < n; i++) if (!seen[i]) { layer[i] = maxLayer; topo.push(i); }
  }
  // initial order: topological order within each layer
  const layers: number[][] = Array.from({ length: maxLayer + 1 }, () => []);
  for (const u of topo) layers[layer[u]].push(u);
  const pos = new Float64Array(n);
  const setPos = (L: number[]) => L.forEach((u, i) => { pos[u] = L.length > 1 ? i / (L.length - 1) : 0.5; });
  layers.forEach(setPos);
  // barycenter sweeps: down (by predecessors), then up (by successors); barycenter ordering
  // oscillates, so keep the ordering with the fewest crossings between adjacent layers
  const rank = new Int32Array(n);
  const snapshot = () => layers.map((L) => L.slice());
  let best = snapshot();
  let bestCross = countCrossings(layers, edges, layer, rank);
  for (let s = 0; s < SWEEPS && bestCross > 0; s++) {
    const down = s % 2 === 0;
    const order = down ? layers : [...layers].reverse();
    for (const L of order) {
      const key = new Float64Array(L.length);
      L.forEach((u, i) => {
        const nb = down ? pred[u] : succ[u];
        if (nb.length === 0) { key[i] = pos[u]; return; }
        let sum = 0;
        for (const v of nb) sum += pos[v];
        key[i] = sum / nb.length;
      });
      const idx = L.map((_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
      const sorted = idx.map((i) => L[i]);
      for (let i = 0; i < L.length; i++) L[i] = sorted[i];
      setPos(L);
    }
    const c = countCrossings(layers, edges, layer, rank);
    if (c < bestCross) { bestCross = c; best = snapshot(); }
  }
  best.forEach((L, i) => { layers[i] = L; setPos(L); });
  // coordinates
  const w = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let width = 0;
  const rowWidth = layers.map((L) => {
    let total = 0;
    for (const u of L) {
      const node = g.node(ids[u]);
      const label = clip(node?.label ?? ids[u], MAX_LABEL);
      const second = node ? opsText(node.ops) : '';
      w[u] = Math.max(56, Math.ceil(Math.max(label.length, second.length) * CHAR_W) + 16);
      total += w[u];
    }
    return total + Math.max(0, L.length - 1) * NODE_GAP;
  });
  for (const r of rowWidth) width = Math.max(width, r);
  layers.forEach((L, li) => {
    let cx = MARGIN + (width - rowWidth[li]) / 2;
    for (const u of L) {
      x[u] = cx + w[u] / 2;
      y[u] = MARGIN + li * (BOX_H + LAYER_GAP);
      cx += w[u] + NODE_GAP;
    }
  });
  return {
    ids, layer, x, y, w, edges,
    width: width + 2 * MARGIN,
    height: MARGIN * 2 + layers.length * BOX_H + Math.max(0, layers.length - 1) * LAYER_GAP + 60,
  };
}

/** The SVG document: edges first (under the boxes), then one <g class="node"> per node, then a legend. */
export function renderSvg(g: PlanGraph, title = 'crplan dependency graph'): string {
  const lay = layoutGraph(g);
  const out: string[] = [];
  const W = Math.max(lay.width, 480);
  const H = lay.height;
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W.toFixed(0)}" height="${H.toFixed(0)}" viewBox="0 0 ${W.toFixed(0)} ${H.toFixed(0)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<title>${xmlEscape(title)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>');
  out.push('<rect width="100%" height="100%" fill="#ffffff"/>');
  const labelEdges = lay.edges.length <= 150;
  out.push('<g class="edges" fill="none" stroke="#555" stroke-width="1">');
  for (const [a, b] of lay.edges) {
    const x1 = lay.x[a];
    const y1 = lay.y[a] + BOX_H;
    const x2 = lay.x[b];
    const y2 = lay.y[b];
    const e = g.edge(lay.ids[a], lay.ids[b]);
    const reason = e ? `${e.reason}${e.rule ? ` (${e.rule})` : ''}` : '';
    const dy = Math.max(30, Math.abs(y2 - y1) / 2);
    const d = y2 > y1
      ? `M ${x1.toFixed(1)} ${y1.toFixed(1)} C ${x1.toFixed(1)} ${(y1 + dy / 2).toFixed(1)}, ${x2.toFixed(1)} ${(y2 - dy / 2).toFixed(1)}, ${x2.toFixed(1)} ${y2.toFixed(1)}`
      // same layer or upwards (only in a cyclic hand-made graph): loop out to the side
      : `M ${x1.toFixed(1)} ${y1.toFixed(1)} C ${(x1 + 60).toFixed(1)} ${(y1 + 60).toFixed(1)}, ${(x2 + 60).toFixed(1)} ${(y2 - 60).toFixed(1)}, ${x2.toFixed(1)} ${y2.toFixed(1)}`;
    out.push(`<path d="${d}" marker-end="url(#arrow)"><title>${xmlEscape(`${lay.ids[a]} before ${lay.ids[b]}${reason ? `: ${reason}` : ''}`)}</title></path>`);
    if (labelEdges && reason) {
      out.push(`<text x="${((x1 + x2) / 2 + 4).toFixed(1)}" y="${((y1 + y2) / 2).toFixed(1)}" font-size="8" fill="#777" stroke="none">${xmlEscape(clip(e?.rule ?? reason, 24))}</text>`);
    }
  }
  out.push('</g>');
  for (let u = 0; u < lay.ids.length; u++) {
    const id = lay.ids[u];
    const node = g.node(id);
    const kind = node?.kind ?? 'other';
    const label = node?.label ?? id;
    const ops = node ? opsText(node.ops) : '';
    const left = lay.x[u] - lay.w[u] / 2;
    const tip = `${kind} ${id}: ${label}${ops ? ` (${ops})` : ''}${node?.tasks.length ? `; tasks ${node.tasks.join(', ')}` : ''}`;
    out.push(`<g class="node" data-id="${xmlEscape(id)}" data-kind="${xmlEscape(kind)}"><title>${xmlEscape(tip)}</title>`
      + `<rect x="${left.toFixed(1)}" y="${lay.y[u].toFixed(1)}" width="${lay.w[u].toFixed(1)}" height="${BOX_H}" rx="5" fill="${kindColour(kind)}" stroke="#333"/>`
      + `<text x="${lay.x[u].toFixed(1)}" y="${(lay.y[u] + (ops ? 15 : 22)).toFixed(1)}" text-anchor="middle">${xmlEscape(clip(label, MAX_LABEL))}</text>`
      + (ops ? `<text x="${lay.x[u].toFixed(1)}" y="${(lay.y[u] + 29).toFixed(1)}" text-anchor="middle" font-size="9" fill="#555">${xmlEscape(ops)}</text>` : '')
      + '</g>');
  }
  // legend of the kinds present
  const kinds = [...new Set(lay.ids.map((id) => g.node(id)?.kind ?? 'other'))].sort();
  out.push(`<g class="legend" transform="translate(${MARGIN} ${(H - 36).toFixed(0)})">`);
  let lx = 0;
  for (const k of kinds) {
    out.push(`<rect x="${lx}" y="0" width="14" height="14" fill="${kindColour(k)}" stroke="#333"/><text x="${lx + 18}" y="11">${xmlEscape(k)}</text>`);
    lx += 26 + k.length * CHAR_W;
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
