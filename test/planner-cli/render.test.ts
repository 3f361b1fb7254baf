import test from 'ava';
import { renderListing, formatCall, formatOpLine, signalName } from '../../planner/render/listing.js';
import { renderDot, opsText } from '../../planner/render/dot.js';
import { renderSvg, layoutGraph } from '../../planner/render/svg.js';
import { renderNoPlan, noPlanToJson } from '../../planner/render/explanation.js';
import { Graph } from '@dagrejs/graphlib';
import type { GraphEdge, GraphNode } from '../../planner/api.js';
import { EVERY_OP, ghostPlan, smallGraph } from './fixtures.js';
import { checkXml } from './xml.js';

test('listing: one line per op with index, actor, the C call and why', (t) => {
  const plan = ghostPlan();
  const text = renderListing(plan);
  const lines = text.split('\n');
  plan.ops.forEach((op, i) => {
    const line = lines.find((l) => new RegExp(`^\\s*${i}\\s+${op.actor}\\s`).test(l));
    t.truthy(line, `op ${i} has a line starting with its index and actor`);
    t.true(line!.includes(formatCall(op)), `op ${i} line has its call`);
    t.true(line!.includes(`# ${op.why}`), `op ${i} line says why`);
  });
  t.regex(text, /h1 = clone3\(\{\.exit_signal = SIGCHLD, \.set_tid = \{6\}\}\)/);
  t.regex(text, /t4 = clone3\(\{\.flags = CLONE_PARENT, \.set_tid = \{4\}\}\)/, 'CLONE_PARENT: exit_signal 0 is omitted as in C');
  t.regex(text, /kill\(getpid\(\), SIGKILL\)/);
  t.regex(text, /waitpid\(6, &status, __WALL\)/);
});

test('listing: summary names tasks, helpers by role, ops by kind, each solver component and verification', (t) => {
  const plan = ghostPlan();
  const text = renderListing(plan);
  t.regex(text, /tasks\s+4/);
  t.regex(text, /helpers\s+1 \(1 session-ghost\)/);
  t.regex(text, new RegExp(`operations\\s+${plan.ops.length} \\(5 clone, 2 setsid, 1 setpgid, 2 exit, 1 wait\\)`));
  t.regex(text, /session:6\s+lp, optimal, objective 1, LP bound 1, gap 0, 2 ms/);
  t.regex(text, /session:9\s+fallback, not proven optimal, objective 3, LP bound 2, gap 1/);
  t.regex(text, /verified\s+yes/);
  t.regex(text, /h1\s+session-ghost\s+pid 6/);
  plan.summary.verified = false;
  t.regex(renderListing(plan), /verified\s+NO/);
});

test('C calls for every op kind read as C', (t) => {
  const calls = EVERY_OP.map(formatCall);
  t.deepEqual(calls, [
    't1 = clone3({.flags = CLONE_NEWPID | CLONE_NEWUSER, .exit_signal = SIGCHLD, .set_tid = {1, 50}})',
    't2 = clone3({.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, .set_tid = {2}})',
    't5 = fork()',
    'setsid()',
    'setpgid(5, 1)',
    'unshare(CLONE_NEWUTS | CLONE_NEWNET)',
    'setns(open("/proc/t1/ns/pid_for_children"), CLONE_NEWPID)',
    'setns(pidfd_open(t1), CLONE_NEWUTS | CLONE_NEWNET)',
    'prctl(PR_SET_CHILD_SUBREAPER, 1)',
    'prctl(PR_SET_DUMPABLE, 0)',
    'sethostname("box", 3); setdomainname("lan", 3)',
    'write("/proc/t1/uid_map", "0 1000 1"); write("/proc/t1/gid_map", "0 1000 1")',
    'write("/proc/self/timens_offsets", "monotonic 5\\nboottime -3")',
    'write("/proc/sys/kernel/ns_last_pid", "41")',
    'setgroups(0, NULL); setresgid(100, 100, 100); setresuid(1000, 1000, 1000); prctl(PR_SET_DUMPABLE, 1)',
    'signal(SIGCHLD, SIG_IGN)',
    'execve(self)',
    'exit_group(3)',
    'exit(0)',
    'kill(getpid(), SIGTERM)',
    'waitpid(-1, &status, __WALL | WNOHANG)',
    'kill(getpid(), SIGTSTP)',
  ]);
  t.is(formatCall({ op: 'exit', actor: 'z', signal: 11, core: true, group: true }), 'kill(getpid(), SIGSEGV) /* core dumped */');
  t.is(signalName(35), 'SIGRTMIN+1');
  t.is(formatOpLine({ op: 'setsid', actor: 't1' }, 3), '  3  t1      setsid()');
});

test('DOT: every node and edge, escaped labels, colours by kind, rule on edges', (t) => {
  const g = smallGraph();
  const dot = renderDot(g, 'test');
  t.true(dot.startsWith('digraph "test" {'));
  t.true(dot.trimEnd().endsWith('}'));
  for (const id of g.nodes()) t.true(dot.includes(`"${id}" [label=`), `node ${id}`);
  const arrows = dot.split('\n').filter((l) => l.includes(' -> '));
  t.is(arrows.length, g.edgeCount());
  t.true(dot.includes('"task:1" -> "session:1" [label="setsid after birth (SID-2)"]'));
  t.true(dot.includes('h1 (session-ghost) \\"ghost\\" <6> & co\\nops 2, 3'), 'quotes escaped, ops on a second line');
  t.true(dot.includes('fillcolor="#f8d7da"'), 'helper colour');
  t.is(opsText([4, 5, 6]), 'ops 4-6');
  t.is(opsText([9]), 'op 9');
});

test('SVG: well-formed XML, one <g class="node"> per node, one path per edge, layered top to bottom', (t) => {
  const g = smallGraph();
  const svg = renderSvg(g, 'a <test> & "graph"');
  const { elements } = checkXml(svg);
  t.is(elements[0].name, 'svg');
  t.is(elements[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
  const nodes = elements.filter((e) => e.name === 'g' && e.attrs.class === 'node');
  t.is(nodes.length, g.nodeCount());
  t.deepEqual(nodes.map((n) => n.attrs['data-id']).sort(), g.nodes().sort());
  t.is(elements.filter((e) => e.name === 'path' && e.attrs['marker-end']).length, g.edgeCount());
  const kinds = Object.fromEntries(nodes.map((n) => [n.attrs['data-id'], n.attrs['data-kind']]));
  t.is(kinds['helper:h1'], 'helper');
  // layering: every edge goes downwards, and boxes in a layer do not overlap
  const lay = layoutGraph(g);
  const at = new Map(lay.ids.map((id, i) => [id, i]));
  for (const e of g.edges()) t.true(lay.y[at.get(e.v)!] < lay.y[at.get(e.w)!], `${e.v} above ${e.w}`);
  for (let a = 0; a < lay.ids.length; a++) {
    for (let b = a + 1; b < lay.ids.length; b++) {
      if (lay.layer[a] !== lay.layer[b]) continue;
      t.true(Math.abs(lay.x[a] - lay.x[b]) >= (lay.w[a] + lay.w[b]) / 2, `${lay.ids[a]} and ${lay.ids[b]} do not overlap`);
    }
  }
  t.is(lay.layer[at.get('task:14')!], 3, 'longest path: task:1 -> session:1 -> helper:h1 -> task:14');
});

test('SVG: a cycle (never from the planner) still renders, the cyclic nodes in an extra layer', (t) => {
  const g = new Graph<unknown, GraphNode, GraphEdge>({ directed: true });
  for (const id of ['a', 'b', 'c']) g.setNode(id, { kind: 'task', label: id, tasks: [], ops: [] });
  g.setEdge('a', 'b', { reason: 'x' });
  g.setEdge('b', 'c', { reason: 'y' });
  g.setEdge('c', 'b', { reason: 'z' });
  const lay = layoutGraph(g);
  t.is(lay.layer[0], 0);
  t.is(lay.layer[1], 1);
  t.is(lay.layer[2], 1);
  t.notThrows(() => checkXml(renderSvg(g)));
});

test('SVG layout stays fast on a 20k-node graph (near-linear)', (t) => {
  const g = new Graph<unknown, GraphNode, GraphEdge>({ directed: true });
  const n = 20000;
  for (let i = 0; i < n; i++) g.setNode(`n${i}`, { kind: 'task', label: `create ${i}`, tasks: [i], ops: [i] });
  for (let i = 1; i < n; i++) g.setEdge(`n${Math.floor((i - 1) / 3)}`, `n${i}`, { reason: 'parent creates it' });
  const t0 = performance.now();
  const svg = renderSvg(g);
  const ms = performance.now() - t0;
  t.log(`20000 nodes: ${ms.toFixed(0)} ms, ${(svg.length / 1e6).toFixed(1)} MB`);
  t.true(ms < 10000);
  t.is(svg.split('<g class="node"').length - 1, n);
});

test('explanations: impossible is a numbered proof; undecided never claims impossibility', (t) => {
  const imp = renderNoPlan({
    kind: 'impossible',
    proof: [{
      rule: 'SID-2', culprits: [14, 15],
      chain: ['Session 6 has members 14 and 15 but no leader.', 'A session is created only by setsid from pid 6 (SID-2).', 'The restorer rules forbid helpers: contradiction.'],
      message: 'session 6 needs a ghost and helpers are forbidden',
    }],
  }, 'img.json');
  t.regex(imp, /^No plan exists for img\.json/);
  t.regex(imp, /session 6 needs a ghost and helpers are forbidden \[rule SID-2\]/);
  const at = (s: string) => imp.indexOf(s);
  t.true(at('Because session 6 has members') > 0);
  t.true(at('and a session is created only by setsid') > at('Because'));
  t.true(at('So the restorer rules forbid helpers') > at('and a session'));
  t.regex(imp, /Culprit tasks: 14, 15\./);
  const und = renderNoPlan({ kind: 'undecided', reason: 'component too large', culprits: [] }, 'img.json');
  t.regex(und, /^Undecided/);
  t.notRegex(und, /No plan exists/);
  t.regex(und, /not a proof that no plan exists/);
  t.deepEqual(noPlanToJson({ kind: 'undecided', reason: 'r', culprits: [1] }), { result: 'undecided', reason: 'r', culprits: [1] });
  t.is(noPlanToJson({ kind: 'impossible', proof: [] }).result, 'impossible');
});

test('SVG layout: barycenter ordering untangles a crossing', (t) => {
  const g = new Graph<unknown, GraphNode, GraphEdge>({ directed: true });
  for (const id of ['a', 'b', 'c', 'd']) g.setNode(id, { kind: 'task', label: id, tasks: [], ops: [] });
  g.setEdge('a', 'd', { reason: '' });
  g.setEdge('b', 'c', { reason: '' });
  g.setEdge('b', 'd', { reason: '' });
  // Kahn's order puts c before d (b releases c first), which crosses a->d with b->c
  const lay = layoutGraph(g);
  const x = (id: string) => lay.x[lay.ids.indexOf(id)];
  t.true(x('a') < x('b'));
  t.true(x('d') < x('c'), 'edges a->d and b->c do not cross');
});
