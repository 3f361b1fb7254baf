/**
 * The dependency graph and its order. Nodes are steps (a task creation, a setsid, a group join,
 * a namespace creation or join, a helper's life...), edges say "must happen before" with the
 * reason and the kernel rule. The graph is kept both as plain arrays (for the linear-time
 * Kahn ordering) and as a @dagrejs/graphlib Graph (for the CLI's graph/explain commands).
 *
 * Ordering: Kahn's algorithm with a binary heap keyed by each node's creation sequence, so the
 * plan is deterministic and follows the natural top-down creation order whenever the edges allow:
 * O((V + E) log V). A cycle leaves nodes unordered; `findCycle` extracts one (DFS, O(V + E)) to
 * explain it.
 */
import { Graph } from '@dagrejs/graphlib';
import type { GraphEdge, GraphNode } from './api.js';

export interface Step {
  id: string;
  seq: number;
  node: GraphNode;
  run: () => void;
}

export class Schedule {
  readonly steps: Step[] = [];
  private readonly byId = new Map<string, number>();
  readonly out: number[][] = [];
  readonly indeg: number[] = [];
  /** edge labels keyed by tail * 2^22 + head (numbers: no string garbage at 10^6 edges) */
  readonly edgeInfo = new Map<number, GraphEdge>();

  has(id: string): boolean {
    return this.byId.has(id);
  }

  add(id: string, kind: GraphNode['kind'], label: string, tasks: number[], run: () => void): string {
    if (this.byId.has(id)) throw new Error(`duplicate step ${id}`);
    const i = this.steps.length;
    this.steps.push({ id, seq: i, node: { kind, label, tasks, ops: [] }, run });
    this.byId.set(id, i);
    this.out.push([]);
    this.indeg.push(0);
    return id;
  }

  /** tail before head; ignored when either end is missing (optional steps) or tail === head. */
  edge(tail: string | undefined, head: string | undefined, reason: string, rule?: string): void {
    if (!tail || !head || tail === head) return;
    const a = this.byId.get(tail);
    const b = this.byId.get(head);
    if (a === undefined || b === undefined) return;
    const key = a * 4194304 + b;
    if (this.edgeInfo.has(key)) return;
    this.edgeInfo.set(key, rule ? { reason, rule } : { reason });
    this.out[a].push(b);
    this.indeg[b] += 1;
  }

  /** Kahn with a min-heap on seq. Returns the order (indexes) and the leftover nodes on a cycle. */
  order(): { order: number[]; stuck: number[] } {
    const indeg = this.indeg.slice();
    const heap: number[] = [];
    const push = (x: number) => {
      heap.push(x);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p] <= heap[i]) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && heap[l] < heap[m]) m = l;
          if (r < heap.length && heap[r] < heap[m]) m = r;
          if (m === i) break;
          [heap[m], heap[i]] = [heap[i], heap[m]];
          i = m;
        }
      }
      return top;
    };
    for (let i = 0; i < indeg.length; i++) if (indeg[i] === 0) push(i);
    const order: number[] = [];
    while (heap.length > 0) {
      const x = pop();
      order.push(x);
      for (const y of this.out[x]) if (--indeg[y] === 0) push(y);
    }
    const stuck: number[] = [];
    if (order.length < indeg.length) for (let i = 0; i < indeg.length; i++) if (indeg[i] > 0) stuck.push(i);
    return { order, stuck };
  }

  /** One cycle among `stuck` nodes, as step indexes in order (DFS, iterative). */
  findCycle(stuck: number[]): number[] {
    const inStuck = new Set(stuck);
    const color = new Map<number, number>();
    const parent = new Map<number, number>();
    for (const s of stuck) {
      if (color.has(s)) continue;
      const stack: [number, number][] = [[s, 0]];
      color.set(s, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const [x, k] = top;
        const succ = this.out[x].filter((y) => inStuck.has(y));
        if (k >= succ.length) { color.set(x, 2); stack.pop(); continue; }
        top[1] += 1;
        const y = succ[k];
        if (color.get(y) === 1) {
          const path = [x];
          let z = x;
          while (z !== y) { z = parent.get(z)!; path.push(z); }
          return path.reverse();
        }
        if (!color.has(y)) { color.set(y, 1); parent.set(y, x); stack.push([y, 0]); }
      }
    }
    return [];
  }

  edgeBetween(a: number, b: number): GraphEdge | undefined {
    return this.edgeInfo.get(a * 4194304 + b);
  }

  toGraph(): Graph<unknown, GraphNode, GraphEdge> {
    const g = new Graph<unknown, GraphNode, GraphEdge>({ directed: true });
    for (const s of this.steps) g.setNode(s.id, s.node);
    for (const [key, e] of this.edgeInfo) {
      const a = Math.floor(key / 4194304);
      const b = key - a * 4194304;
      g.setEdge(this.steps[a].id, this.steps[b].id, e);
    }
    return g;
  }
}
