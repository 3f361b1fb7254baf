/**
 * The dependency graph as Graphviz DOT: one box per node (coloured by kind, labelled with what it
 * stands for and the plan operations it covers), one arrow per "must happen before" edge labelled
 * with its reason and kernel rule. O(V + E).
 */
import type { Graph } from '@dagrejs/graphlib';
import type { GraphEdge, GraphNode } from '../api.js';

export type PlanGraph = Graph<unknown, GraphNode, GraphEdge>;

/** Fill colour per node kind, shared by the DOT and SVG renderings. */
export const KIND_COLOURS: Record<GraphNode['kind'], string> = {
  task: '#cfe2ff',
  thread: '#e2d9f3',
  session: '#ffe69c',
  group: '#fff3cd',
  'ns-create': '#d1e7dd',
  'ns-join': '#a3cfbb',
  nspid: '#c5e8f0',
  helper: '#f8d7da',
  exit: '#e9ecef',
  other: '#ffffff',
};

export function kindColour(kind: string): string {
  return (KIND_COLOURS as Record<string, string>)[kind] ?? '#ffffff';
}

/** Escape a string for a DOT double-quoted id or label. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** "ops 3, 4" / "ops 3-7" for a node's operation indexes. */
export function opsText(ops: number[]): string {
  if (ops.length === 0) return '';
  const s = [...ops].sort((a, b) => a - b);
  const contiguous = s.every((x, i) => i === 0 || x === s[i - 1] + 1);
  if (s.length > 2 && contiguous) return `ops ${s[0]}-${s[s.length - 1]}`;
  return `${s.length === 1 ? 'op' : 'ops'} ${s.length > 6 ? `${s.slice(0, 6).join(', ')}, ...` : s.join(', ')}`;
}

export function renderDot(g: PlanGraph, name = 'plan'): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(name)} {`);
  out.push('  rankdir=TB;');
  out.push('  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];');
  out.push('  edge [fontname="Helvetica", fontsize=8, color="#555555"];');
  const kinds = new Set<string>();
  for (const id of g.nodes()) {
    const n = g.node(id);
    const kind = n?.kind ?? 'other';
    kinds.add(kind);
    const ops = n ? opsText(n.ops) : '';
    const label = `${n?.label ?? id}${ops ? `\n${ops}` : ''}`;
    out.push(`  ${dotString(id)} [label=${dotString(label)}, fillcolor=${dotString(kindColour(kind))}, tooltip=${dotString(`${kind} ${id}`)}];`);
  }
  for (const e of g.edges()) {
    const l = g.edge(e);
    const label = l ? `${l.reason}${l.rule ? ` (${l.rule})` : ''}` : '';
    out.push(`  ${dotString(e.v)} -> ${dotString(e.w)}${label ? ` [label=${dotString(label)}]` : ''};`);
  }
  // a legend, so the colours read without this source file
  out.push('  subgraph cluster_legend {');
  out.push('    label="node kinds"; fontsize=9; style=dashed;');
  for (const k of [...kinds].sort()) {
    out.push(`    ${dotString(`legend:${k}`)} [label=${dotString(k)}, fillcolor=${dotString(kindColour(k))}];`);
  }
  out.push('  }');
  out.push('}');
  return `${out.join('\n')}\n`;
}
