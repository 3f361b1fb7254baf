/**
 * Hand-made plans and graphs for the rendering tests: they do not depend on the planner, so the
 * listing, DOT, SVG and plan-file code is tested on inputs whose every field we chose.
 */
import { Graph } from '@dagrejs/graphlib';
import type { Plan } from '../../planner/plan.js';
import { PLAN_FORMAT } from '../../planner/plan.js';
import type { GraphEdge, GraphNode } from '../../planner/api.js';
import type { Op } from '../../executor/ops.js';

/** A session whose leader is dead: ghost h1 (pid 6) makes session 6, forks t14, exits; t1 reaps it. */
export function ghostPlan(): Plan {
  const ops: Op[] = [
    { op: 'clone', actor: 'root', child: 't1', flags: ['CLONE_NEWPID'], setTid: [1], why: 'init of the new pid namespace' },
    { op: 'setsid', actor: 't1', why: '1 leads session 1 (SID-2)' },
    { op: 'clone', actor: 't1', child: 'h1', flags: [], setTid: [6], why: "session 6's leader is dead; ghost with pid 6 (SID-3)" },
    { op: 'setsid', actor: 'h1', why: 'ghost h1 takes session 6 (SID-2)' },
    { op: 'clone', actor: 'h1', child: 't14', flags: ['CLONE_FILES'], setTid: [14], why: 'born in session 6, reparents to 1 when h1 exits (EXIT-2)' },
    { op: 'clone', actor: 't1', child: 't3', flags: [], setTid: [3], why: 'its parent forks it (FORK-6)' },
    { op: 'clone', actor: 't3', child: 't4', flags: ['CLONE_PARENT'], setTid: [4], exitSignal: 0, why: 'sibling of 3 (FORK-3)' },
    { op: 'setpgid', actor: 't4', pid: 0, pgid: 3, why: '4 joins group 3 (PGID-2)' },
    { op: 'exit', actor: 'h1', code: 0, group: true, why: 'ghost is done' },
    { op: 'wait', actor: 't1', pid: 6, why: 'reap h1 (EXIT-6)' },
    { op: 'exit', actor: 't3', signal: 9, group: true, why: '3 is a zombie killed by SIGKILL' },
  ];
  return {
    format: PLAN_FORMAT,
    image: { description: 'hand-made ghost session', sha256: 'a'.repeat(64) },
    actors: { 1: 't1', 14: 't14', 3: 't3', 4: 't4' },
    helpers: [{ name: 'h1', role: 'session-ghost', why: "session 6's leader is dead", pid: [6] }],
    ops,
    summary: {
      tasks: 4, helpers: 1, operations: ops.length, verified: true,
      solver: [
        { id: 'forced', method: 'forced', optimal: true, objective: 3 },
        { id: 'session:6', method: 'lp', optimal: true, objective: 1, bound: 1, millis: 2 },
        { id: 'session:9', method: 'fallback', optimal: false, objective: 3, bound: 2 },
      ],
    },
  };
}

/** One op of every kind, for the C-call formatter. */
export const EVERY_OP: Op[] = [
  { op: 'clone', actor: 'root', child: 't1', flags: ['CLONE_NEWPID', 'CLONE_NEWUSER'], setTid: [1, 50] },
  { op: 'clone', actor: 't1', child: 't2', flags: ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'], setTid: [2] },
  { op: 'clone', actor: 't1', child: 't5', flags: [], legacy: true },
  { op: 'setsid', actor: 't1' },
  { op: 'setpgid', actor: 't1', pid: 5, pgid: 1 },
  { op: 'unshare', actor: 't1', flags: ['CLONE_NEWUTS', 'CLONE_NEWNET'] },
  { op: 'setns', actor: 't5', target: 't1', file: 'pid_for_children' },
  { op: 'setns', actor: 't5', target: 't1', pidfd: true, nstypes: ['uts', 'net'] },
  { op: 'subreaper', actor: 't1', value: true },
  { op: 'set-dumpable', actor: 't1', value: false },
  { op: 'sethostname', actor: 't1', hostname: 'box', domainname: 'lan' },
  { op: 'write-idmap', actor: 'root', target: 't1', uidMap: [{ inside: 0, outside: 1000, count: 1 }], gidMap: [{ inside: 0, outside: 1000, count: 1 }] },
  { op: 'write-timens-offsets', actor: 't1', monotonic: 5, boottime: -3 },
  { op: 'write-ns-last-pid', actor: 't1', value: 41 },
  { op: 'setresuid', actor: 't5', uid: 1000, gid: 100 },
  { op: 'sigchld-ignore', actor: 't1', value: true },
  { op: 'execve', actor: 't5' },
  { op: 'exit', actor: 't5', code: 3, group: true },
  { op: 'exit', actor: 't2', code: 0 },
  { op: 'exit', actor: 't1', signal: 15, group: true },
  { op: 'wait', actor: 'root', pid: -1, nohang: true },
  { op: 'stop', actor: 't1', signal: 20 },
];

export type G = Graph<unknown, GraphNode, GraphEdge>;

/** A small DAG with every node kind and a label that needs escaping. */
export function smallGraph(): G {
  const g: G = new Graph({ directed: true });
  const node = (id: string, kind: GraphNode['kind'], label: string, tasks: number[], ops: number[]) => g.setNode(id, { kind, label, tasks, ops });
  node('task:1', 'task', 'create 1', [1], [0]);
  node('session:1', 'session', '1 creates session 1', [1], [1]);
  node('helper:h1', 'helper', 'h1 (session-ghost) "ghost" <6> & co', [14], [2, 3]);
  node('task:14', 'task', 'create 14', [14], [4]);
  node('group:3', 'group', 'group 3', [3, 4], [7]);
  node('ns:uts1', 'ns-create', 'uts ns uts1', [], []);
  node('join:14', 'ns-join', '14 joins uts1', [14], []);
  node('thread:2', 'thread', 'thread 2 of 1', [2], []);
  node('nspid:1', 'nspid', 'pid ns init 1', [1], []);
  node('exit:h1', 'exit', 'h1 exits and is reaped', [], [8, 9]);
  node('other:x', 'other', 'final phase', [], []);
  const edge = (a: string, b: string, reason: string, rule?: string) => g.setEdge(a, b, { reason, ...(rule ? { rule } : {}) });
  edge('task:1', 'session:1', 'setsid after birth', 'SID-2');
  edge('session:1', 'helper:h1', 'ghost forked after the session exists');
  edge('helper:h1', 'task:14', 'h1 creates 14', 'FORK-1');
  edge('task:14', 'exit:h1', 'h1 exits only after creating 14', 'EXIT-2');
  edge('ns:uts1', 'join:14', 'the ns exists before 14 joins it');
  edge('task:14', 'join:14', 'after birth');
  edge('task:1', 'thread:2', 'leader creates its threads', 'FORK-2');
  edge('nspid:1', 'task:14', 'init before members', 'FORK-9');
  edge('task:1', 'group:3', 'x');
  edge('exit:h1', 'other:x', 'before the final phase');
  edge('join:14', 'other:x', 'before the final phase');
  return g;
}
