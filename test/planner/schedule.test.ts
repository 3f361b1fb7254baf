/**
 * The schedule's storage (planner/ordering/schedule.ts): ids kept in two tiers (kind:<n> by number, the
 * rest by string) must behave as one map of ids; edges keep their first reason and their
 * insertion order; the ordering and the cycle finder work on high-degree steps.
 */
import test from 'ava';
import { Schedule } from '../../planner/ordering/schedule.js';

const noop = () => undefined;

test('step ids: kind:<n> by string or by number is one step; other ids are distinct steps', (t) => {
  const s = new Schedule();
  s.add('task:5', 'task', 'create 5', [5], noop);
  s.addAt('join', 7, 'group', '7 joins', [7], noop);
  s.add('task:05', 'task', 'not task 5', [], noop); // not canonical: a different id
  s.add('helper:h1', 'helper', 'h1', [], noop);
  s.addAt('odd', 2.5, 'other', 'not an integer', [], noop);
  t.is(s.at('task', 5), 0);
  t.true(s.has('task:5'));
  t.true(s.has('join:7'));
  t.is(s.at('join', 7), 1);
  t.is(s.at('task', 50), -1);
  t.true(s.has('task:05'));
  t.is(s.steps[s.at('task', 5)].id, 'task:5');
  t.true(s.has('helper:h1'));
  t.true(s.has('odd:2.5'));
  t.is(s.at('odd', 2.5), 4);
  t.false(s.has('task:6'));
  t.throws(() => s.add('join:7', 'group', 'again', [], noop), { message: /duplicate step join:7/ });
  t.throws(() => s.addAt('task', 5, 'task', 'again', [], noop), { message: /duplicate step task:5/ });
  t.throws(() => s.add('task:05', 'task', 'again', [], noop), { message: /duplicate step task:05/ });
});

test('edges: missing ends and self-edges are ignored, a repeated edge keeps its first reason, the graph lists edges in insertion order', (t) => {
  const s = new Schedule();
  for (const id of ['a:1', 'a:2', 'b', 'c']) s.add(id, 'other', id, [], noop);
  s.edge('a:1', 'b', 'first', 'R-1');
  s.edge(s.at('a', 1), 'b', 'second', 'R-2'); // same edge, by index
  s.edge('b', 'b', 'self');
  s.edge('a:9', 'b', 'missing tail');
  s.edge('b', undefined, 'missing head');
  s.edge(s.at('a', 9), s.at('a', 2), 'missing by index');
  s.edge('c', 'a:2', 'no rule');
  s.edge('b', 'a:2', 'third', 'R-3');
  const g = s.toGraph();
  t.deepEqual(g.edges().map((e) => [e.v, e.w, g.edge(e)]), [
    ['a:1', 'b', { reason: 'first', rule: 'R-1' }],
    ['c', 'a:2', { reason: 'no rule' }],
    ['b', 'a:2', { reason: 'third', rule: 'R-3' }],
  ]);
  t.deepEqual(s.edgeBetween(s.at('a', 1), s.steps.findIndex((x) => x.id === 'b')), { reason: 'first', rule: 'R-1' });
  t.is(s.edgeBetween(s.at('a', 2), s.at('a', 1)), undefined);
});

test('order: lowest creation sequence first among ready steps; a step with many successors dedupes and orders them all', (t) => {
  const s = new Schedule();
  const hub = s.addAt('n', 0, 'other', 'hub', [], noop);
  for (let i = 1; i <= 40; i++) s.addAt('n', i, 'other', `n${i}`, [], noop);
  // every edge twice, the second time in reverse order: 40 edges, hub first
  for (let i = 40; i >= 1; i--) s.edge(hub, `n:${i}`, `hub before ${i}`);
  for (let i = 1; i <= 40; i++) s.edge(s.at('n', 0), s.at('n', i), 'again');
  s.edge('n:3', 'n:2', '3 before 2');
  t.is(s.toGraph().edgeCount(), 41);
  const { order, stuck } = s.order();
  t.deepEqual(stuck, []);
  t.deepEqual(order.slice(0, 4), [0, 1, 3, 2]);
  t.is(order.length, 41);
  t.is(s.toGraph().edge('n:0', 'n:40')?.reason, 'hub before 40');
});

test('a cycle leaves its steps and what depends on them unordered; findCycle returns it with its reasons', (t) => {
  const s = new Schedule();
  for (const id of ['x', 'p:1', 'p:2', 'p:3', 'after']) s.add(id, 'other', id, [], noop);
  // the busy step p:1 has many successors before the one that closes the cycle
  for (let i = 0; i < 30; i++) { s.addAt('leaf', i, 'other', `leaf ${i}`, [], noop); s.edge('p:1', s.at('leaf', i), 'leaf'); }
  s.edge('p:1', 'p:2', 'one', 'C-1');
  s.edge('p:2', 'p:3', 'two', 'C-2');
  s.edge('p:3', 'p:1', 'three', 'C-3');
  s.edge('p:3', 'after', 'then');
  const { order, stuck } = s.order();
  t.deepEqual(order, [0]);
  t.is(stuck.length, 4 + 30);
  const cyc = s.findCycle(stuck);
  t.deepEqual(cyc.map((i) => s.steps[i].id), ['p:1', 'p:2', 'p:3']);
  t.deepEqual(cyc.map((a, i) => s.edgeBetween(a, cyc[(i + 1) % cyc.length])?.rule), ['C-1', 'C-2', 'C-3']);
});
