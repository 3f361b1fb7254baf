/**
 * A child born in a user ns without rights over a namespace its creator leaves in a later join
 * step (its joins inside its own user ns, nsfix2, or of namespaces its threads made, nsfix3) is
 * forked before that step (variant lateKeeps, planner/variants/late-keeps.ts). Generated seeds
 * 85031 and 24874, formerly undecided ("t13 must enter uts ns uts:0 but its credentials are in
 * user ns user:2, ...", "t97 must enter ipc ns ipc:0 ...").
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; file?: string; target?: string; flags?: string[] };
const V = { lateKeeps: true } as const;

test('seed 85031: init 9 forks 13 before joining uts:2, which its thread 28 made', (t) => {
  t.is(planWithVariant(generateHistory(85031).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 85031, V).ops as unknown as Op[];
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't9' && o.child === 't13');
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === 't9' && o.file === 'uts' && o.target === 't28');
  t.true(fork >= 0 && join >= 0);
  t.true(fork < join, '13 keeps uts:0, which it has no rights to join from user:2');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't13' && o.file === 'uts'), '13 inherits uts:0');
  // the whole planner reaches it
  mustPlan(t, 85031);
});

test('seed 24874: 24 forks its CLONE_FS child 97 after its user-ns switch, before joining ipc:1 inside it', (t) => {
  const ops = mustPlan(t, 24874, V).ops as unknown as Op[];
  const sw = ops.findIndex((o) => o.op === 'setns' && o.actor === 't24' && o.file === 'user');
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't24' && o.child === 't97');
  const ipc = ops.findIndex((o) => o.op === 'setns' && o.actor === 't24' && o.file === 'ipc');
  t.true(sw >= 0 && fork >= 0 && ipc >= 0);
  t.true(ops[fork].flags!.includes('CLONE_FS'));
  t.true(sw < fork && fork < ipc, 'switch, CLONE_FS fork, then the late ipc join');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't97' && o.file === 'ipc'), '97 inherits ipc:0');
  mustPlan(t, 24874);
});
