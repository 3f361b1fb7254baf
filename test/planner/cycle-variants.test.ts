/**
 * index.ts CYCLE_VARIANTS (after a first answer naming an ordering cycle, kept only when
 * verified) and pfc-helper.ts's helper forked with CLONE_PARENT below a session ghost (build.ts:
 * that ghost, its parent, reaps it, so it exits after it, EXIT-6). Each seed's first attempt
 * stopped on a cycle; each test shows the seed undecided with less than its variant.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const CYCLE = 'the ordering constraints form a cycle';
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
type Clone = Extract<Op, { op: 'clone' }>;

function answer(seed: number, v: Partial<Variant>): string {
  const out = planWithVariant(generateHistory(seed).image, v);
  return out.kind === 'undecided' ? out.reason : out.kind;
}

const PFC3 = { pfcHelpers: true as const, pfcEmitHelpers: true as const, holderOwners: true as const };

// Seed 58564: 4 (a child of session 2's ghost h1, later the restorer's) creates 57 in pid:3 with
// CLONE_PARENT; its pfc helper, forked with CLONE_PARENT too, is h1's child: it exits before h1.
test('seed 58564: the pfc helper forked with CLONE_PARENT below ghost h1 exits before h1', (t) => {
  t.true(answer(58564, {}).includes('(PID-1)'), 'the first attempt stops on the PID-1 cycle');
  const ops = mustPlan(t, 58564, { pfcHelpers: true }).ops;
  const x = at(ops, (o) => o.op === 'clone' && o.child === 't57');
  const h = x >= 0 ? (ops[x] as Clone).actor : '';
  const fork = at(ops, (o) => o.op === 'clone' && o.child === h);
  t.true(h.startsWith('h') && fork >= 0 && (ops[fork] as Clone).actor === 't4' && (ops[fork] as Clone).flags.includes('CLONE_PARENT'), '4 forks the helper with CLONE_PARENT');
  const ghost = at(ops, (o) => o.op === 'clone' && o.child === 't4');
  const g = ghost >= 0 ? (ops[ghost] as Clone).actor : '';
  t.true(g.startsWith('h'), '4 is forked by a ghost');
  t.true(at(ops, (o) => o.op === 'exit' && o.actor === h) < at(ops, (o) => o.op === 'exit' && o.actor === g), 'the helper exits before the ghost, its parent');
  t.is(planImage(generateHistory(58564).image).kind, 'plan', 'planImage plans it');
});

// Seed 89896: 5 keeps pid_for_children on pid:0 (its pfc helper forks 62 into pid:5), and 15,
// forked by 5 after its switch into user:1, never could point its own back: its emitter helper
// forks 55 into pid:5.
test('seed 89896: 5 and its child 15 fork their children in pid:5 through helpers', (t) => {
  t.true(answer(89896, {}).includes('(PID-1)'), 'the first attempt stops on the PID-1 cycle');
  t.true(answer(89896, { pfcHelpers: true }).includes('(SETNS-5)'), 'pfcHelpers alone: 15 cannot point its pid_for_children back');
  const ops = mustPlan(t, 89896, PFC3).ops;
  const x62 = at(ops, (o) => o.op === 'clone' && o.child === 't62');
  const x55 = at(ops, (o) => o.op === 'clone' && o.child === 't55');
  const h62 = (ops[x62] as Clone).actor;
  const h55 = (ops[x55] as Clone).actor;
  t.true(h62.startsWith('h') && (ops[at(ops, (o) => o.op === 'clone' && o.child === h62)] as Clone).actor === 't5', '5\'s helper forks 62');
  t.true(h55.startsWith('pfch') && (ops[at(ops, (o) => o.op === 'clone' && o.child === h55)] as Clone).actor === 't15', '15\'s helper forks 55');
  t.true((ops[x62] as Clone).flags.includes('CLONE_PARENT') && (ops[x55] as Clone).flags.includes('CLONE_PARENT'), 'both with CLONE_PARENT');
  t.false(ops.some((o) => o.op === 'setns' && (o.actor === 't5' || o.actor === 't15') && o.file === 'pid'), 'neither 5 nor 15 moves its own pid_for_children');
  t.is(planImage(generateHistory(89896).image).kind, 'plan', 'planImage plans it');
});

// Seed 22320: 5's pfc helper forks 76 into pid:2; user:1, which 25 (forked by 5's thread 17)
// made at its switch, is made by a holder.
test('seed 22320: a holder makes user:1, 5\'s helper forks 76 into pid:2', (t) => {
  t.true(answer(22320, {}).includes('(PID-1)'), 'the first attempt stops on the PID-1 cycle');
  t.true(answer(22320, { pfcHelpers: true, pfcEmitHelpers: true }).startsWith(CYCLE), 'without holderOwners: the SETNS-4 cycle');
  const ops = mustPlan(t, 22320, PFC3).ops;
  t.true(at(ops, (o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER') && o.actor.startsWith('h') && (o.why ?? '').startsWith('user ns user:1 ')) >= 0, 'a holder makes user:1');
  const x = at(ops, (o) => o.op === 'clone' && o.child === 't76');
  const h = (ops[x] as Clone).actor;
  t.true(h.startsWith('h') && (ops[at(ops, (o) => o.op === 'clone' && o.child === h)] as Clone).actor === 't5', '5\'s helper forks 76');
  t.is(planImage(generateHistory(22320).image).kind, 'plan', 'planImage plans it');
});

// Seed 99270: the born_sid walk ends at a restorer's child forked by a sibling in session 3,
// so 46 no longer forks a reparent helper before its joins for 15.
test('seed 99270: rootSiblingBirths after a SETNS-7 cycle', (t) => {
  const first = answer(99270, {});
  t.true(first.startsWith(CYCLE) && first.includes('(SETNS-7)'), 'the first attempt stops on the SETNS-7 cycle');
  const ops = mustPlan(t, 99270, { rootSiblingBirths: true }).ops;
  t.false(ops.some((o) => o.op === 'clone' && o.actor === 't46' && o.child.startsWith('h')), '46 forks no helper');
  t.is(planImage(generateHistory(99270).image).kind, 'plan', 'planImage plans it');
});

// Seed 13206: with time-ns makers first, 21, which makes uts:1 and time:1 inside user:2, makes
// user:2 too; 25 joins uts:1 before its execve, then enters user:2 after forking 78.
test('seed 13206: execCaps with time-ns makers first', (t) => {
  t.true(answer(13206, {}).startsWith(CYCLE), 'the first attempt stops on the cycle');
  t.true(answer(13206, { execCaps: true }).startsWith(CYCLE), 'execCaps alone: still a cycle');
  t.true(answer(13206, { timeMakers: true }).startsWith(CYCLE), 'timeMakers alone: still a cycle');
  const ops = mustPlan(t, 13206, { execCaps: true, timeMakers: true }).ops;
  const made = at(ops, (o) => o.op === 'unshare' && o.actor === 't21' && o.flags.includes('CLONE_NEWUSER'));
  const uts = at(ops, (o) => o.op === 'setns' && o.actor === 't25' && o.file === 'uts');
  const exec = at(ops, (o) => o.op === 'execve' && o.actor === 't25');
  const x78 = at(ops, (o) => o.op === 'clone' && o.child === 't78');
  const enter = at(ops, (o) => o.op === 'setns' && o.actor === 't25' && o.file === 'user');
  t.true(made >= 0 && made < uts && uts < exec && exec < x78 && x78 < enter, '21 makes user:2 and uts:1; 25 joins uts:1, execve, forks 78, enters user:2');
  t.is(planImage(generateHistory(13206).image).kind, 'plan', 'planImage plans it');
});
