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
import type { GraphEdge, GraphNode } from '../api.js';
import type { EdgeTag, TaggedEdge } from '../graph/edge-tags.js';

export interface Step {
  id: string;
  seq: number;
  node: GraphNode;
  run: () => void;
}

/** Out-degree from which a step's successors are also kept in a Set (dedupe in O(1), not O(degree)). */
const SET_FROM = 16;

export class Schedule {
  readonly steps: Step[] = [];
  /**
   * Step ids are strings ("task:12", "helper:h3", "barrier"). Ids of the form kind:<integer> are
   * kept in one array per kind, indexed by the number, so hot callers can look them up with
   * `at(kind, n)` without building and hashing a string; other ids go in a Map. Either way O(1).
   */
  private readonly byNum = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  readonly indeg: number[] = [];
  /**
   * Edges in insertion order (the graph's edge order): ends, reason, rule, tag; and each step's
   * out-edges as a list threaded through `nextOut` (first/last edge per step, -1 = none), in
   * insertion order. Flat number arrays: no array per step (they were a tenth of the heap).
   */
  private readonly edgeTail: number[] = [];
  private readonly edgeHead: number[] = [];
  private readonly edgeReason: string[] = [];
  private readonly edgeRule: (string | undefined)[] = [];
  /** the edge's structured tag for the passes that read edges back (edge-tags.ts); not in toGraph */
  private readonly edgeTag: (EdgeTag | undefined)[] = [];
  private readonly nextOut: number[] = [];
  private readonly firstOut: number[] = [];
  private readonly lastOut: number[] = [];
  private readonly outDeg: number[] = [];
  /** successors as a Set, for the few steps with many (an init creating every orphan) */
  private readonly outSet = new Map<number, Set<number>>();

  /** the number of an id "kind:<n>" whose kind ends at `c` (n a canonical integer below 2^31), or -1; allocates nothing */
  private static numberAfter(id: string, c: number): number {
    const len = id.length - c - 1;
    if (c <= 0 || len < 1 || len > 10 || (len > 1 && id.charCodeAt(c + 1) === 48)) return -1;
    let n = 0;
    for (let i = c + 1; i < id.length; i++) {
      const d = id.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n < 2147483648 ? n : -1;
  }

  private find(id: string): number {
    const c = id.indexOf(':');
    const n = c > 0 ? Schedule.numberAfter(id, c) : -1;
    if (n >= 0) return this.byNum.get(id.slice(0, c))?.[n] ?? -1;
    return this.byId.get(id) ?? -1;
  }

  /** Index of the step "kind:n", or -1 when there is none. O(1), builds no string. */
  at(kind: string, n: number): number {
    if (Number.isInteger(n) && n >= 0 && n < 2147483648) return this.byNum.get(kind)?.[n] ?? -1;
    return this.byId.get(`${kind}:${n}`) ?? -1; // where add() keeps such ids
  }

  has(id: string): boolean {
    return this.find(id) >= 0;
  }

  add(id: string, kind: GraphNode['kind'], label: string, tasks: number[], run: () => void): string {
    const c = id.indexOf(':');
    const n = c > 0 ? Schedule.numberAfter(id, c) : -1;
    this.put(id, n >= 0 ? id.slice(0, c) : null, n, kind, label, tasks, run);
    return id;
  }

  /** add(`${kind}:${n}`, ...) without parsing the id back; `kindOfId` is a word (no ':'). */
  addAt(kindOfId: string, n: number, kind: GraphNode['kind'], label: string, tasks: number[], run: () => void): string {
    if (kindOfId.includes(':')) throw new Error(`step kind ${kindOfId} has a ':'`);
    const id = `${kindOfId}:${n}`;
    const num = Number.isInteger(n) && n >= 0 && n < 2147483648;
    this.put(id, num ? kindOfId : null, num ? n : -1, kind, label, tasks, run);
    return id;
  }

  private put(id: string, numKind: string | null, n: number, kind: GraphNode['kind'], label: string, tasks: number[], run: () => void): void {
    let arr: number[] | undefined;
    if (numKind !== null) {
      arr = this.byNum.get(numKind);
      if (!arr) this.byNum.set(numKind, (arr = []));
      if (arr[n] !== undefined) throw new Error(`duplicate step ${id}`);
    } else if (this.byId.has(id)) throw new Error(`duplicate step ${id}`);
    const i = this.steps.length;
    this.steps.push({ id, seq: i, node: { kind, label, tasks, ops: [] }, run });
    if (arr) arr[n] = i;
    else this.byId.set(id, i);
    this.firstOut.push(-1);
    this.lastOut.push(-1);
    this.outDeg.push(0);
    this.indeg.push(0);
  }

  /**
   * tail before head; ignored when either end is missing (optional steps) or tail === head.
   * Ends are step ids, or step indexes from `at` (-1: missing). A repeated edge keeps the first
   * reason, and the first tag with it. O(1) amortised.
   */
  edge(tail: string | number | undefined, head: string | number | undefined, reason: string, rule?: string, tag?: EdgeTag): void {
    if (tail === undefined || head === undefined || tail === '' || head === '') return;
    const a = typeof tail === 'number' ? tail : this.find(tail);
    const b = typeof head === 'number' ? head : this.find(head);
    if (a < 0 || b < 0 || a === b) return;
    const set = this.outSet.get(a);
    if (set ? set.has(b) : this.outIndex(a, b) >= 0) return;
    if (set) set.add(b);
    else if (this.outDeg[a] + 1 >= SET_FROM) this.outSet.set(a, new Set(this.successors(a)).add(b));
    const e = this.edgeTail.length;
    this.edgeTail.push(a);
    this.edgeHead.push(b);
    this.edgeReason.push(reason);
    this.edgeRule.push(rule);
    this.edgeTag.push(tag);
    this.nextOut.push(-1);
    if (this.lastOut[a] < 0) this.firstOut[a] = e;
    else this.nextOut[this.lastOut[a]] = e;
    this.lastOut[a] = e;
    this.outDeg[a] += 1;
    this.indeg[b] += 1;
  }

  /** the edge a -> b, or -1: O(out-degree of a) */
  private outIndex(a: number, b: number): number {
    for (let e = this.firstOut[a]; e >= 0; e = this.nextOut[e]) if (this.edgeHead[e] === b) return e;
    return -1;
  }

  /** successors of step a, in edge insertion order */
  successors(a: number): number[] {
    const out: number[] = [];
    for (let e = this.firstOut[a]; e >= 0; e = this.nextOut[e]) out.push(this.edgeHead[e]);
    return out;
  }

  private edgeLabel(e: number): GraphEdge {
    const reason = this.edgeReason[e];
    const rule = this.edgeRule[e];
    return rule ? { reason, rule } : { reason };
  }

  /** the label with its tag, for the passes (cycleEdges, edgeBetween) */
  private taggedLabel(e: number): TaggedEdge {
    const tag = this.edgeTag[e];
    return tag ? { ...this.edgeLabel(e), tag } : this.edgeLabel(e);
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
        if (heap[p] <= x) break;
        heap[i] = heap[p]; // sift the hole up; no swap arrays (they were most of this file's garbage)
        i = p;
      }
      heap[i] = x;
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = l;
          if (l >= heap.length) break;
          if (r < heap.length && heap[r] < heap[l]) m = r;
          if (last <= heap[m]) break;
          heap[i] = heap[m];
          i = m;
        }
        heap[i] = last;
      }
      return top;
    };
    for (let i = 0; i < indeg.length; i++) if (indeg[i] === 0) push(i);
    const order: number[] = [];
    while (heap.length > 0) {
      const x = pop();
      order.push(x);
      for (let e = this.firstOut[x]; e >= 0; e = this.nextOut[e]) {
        const y = this.edgeHead[e];
        if (--indeg[y] === 0) push(y);
      }
    }
    const stuck: number[] = [];
    if (order.length < indeg.length) for (let i = 0; i < indeg.length; i++) if (indeg[i] > 0) stuck.push(i);
    return { order, stuck };
  }

  /** One cycle among `stuck` nodes, as step indexes in order (DFS, iterative, O(V + E)). */
  findCycle(stuck: number[]): number[] {
    const inStuck = new Set(stuck);
    const color = new Map<number, number>();
    const parent = new Map<number, number>();
    for (const s of stuck) {
      if (color.has(s)) continue;
      // each frame: node, next successor to try, its stuck successors (computed once per visit)
      const frame = (x: number): [number, number, number[]] => [x, 0, this.successors(x).filter((y) => inStuck.has(y))];
      const stack: [number, number, number[]][] = [frame(s)];
      color.set(s, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const [x, k, succ] = top;
        if (k >= succ.length) { color.set(x, 2); stack.pop(); continue; }
        top[1] += 1;
        const y = succ[k];
        if (color.get(y) === 1) {
          const path = [x];
          let z = x;
          while (z !== y) { z = parent.get(z)!; path.push(z); }
          return path.reverse();
        }
        if (!color.has(y)) { color.set(y, 1); parent.set(y, x); stack.push(frame(y)); }
      }
    }
    return [];
  }

  /**
   * The edges of cycle `cyc` (step indexes, each before the next, the last before the first), in
   * order: both ends' steps and the edge's reason, rule and tag (edge-tags.ts). The shared walk of the re-build
   * passes that look for one shape of edge on a cycle. O(cycle length x out-degree).
   */
  *cycleEdges(cyc: readonly number[]): Generator<{ from: Step; to: Step; edge: TaggedEdge | undefined }> {
    for (let i = 0; i < cyc.length; i++) {
      const a = cyc[i];
      const b = cyc[(i + 1) % cyc.length];
      yield { from: this.steps[a], to: this.steps[b], edge: this.edgeBetween(a, b) };
    }
  }

  edgeBetween(a: number, b: number): TaggedEdge | undefined {
    const e = a >= 0 && a < this.steps.length ? this.outIndex(a, b) : -1;
    return e < 0 ? undefined : this.taggedLabel(e);
  }

  /** The graph for the CLI and the outcome: reasons and rules, without the planner's tags. */
  toGraph(): Graph<unknown, GraphNode, GraphEdge> {
    const g = new Graph<unknown, GraphNode, GraphEdge>({ directed: true });
    for (const s of this.steps) g.setNode(s.id, s.node);
    for (let e = 0; e < this.edgeTail.length; e++) g.setEdge(this.steps[this.edgeTail[e]].id, this.steps[this.edgeHead[e]].id, this.edgeLabel(e));
    return g;
  }
}
