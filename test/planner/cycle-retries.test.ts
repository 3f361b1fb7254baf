/**
 * planner/variants/cycle-retries.ts: after a first answer naming an ordering cycle that every other
 * attempt leaves undecided, the re-plan variants removing one of that cycle's edges, gated on the
 * cycle (seeds 103905, 107483, 107516, 108495, 108848, 109963). Each test pins the retry's plan and that
 * the first answer asks for that retry; the first asserts the seed is undecided without it.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { cycleRetriesFor } from '../../planner/variants/cycle-retries.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const clone = (child: string) => (o: Op) => o.op === 'clone' && o.child === child;

/** The first attempt's answer for `seed` (a cycle), and the retries it asks for, as JSON. */
function retries(seed: number): string[] {
  const img = generateHistory(seed).image;
  const first = planWithVariant(img, {});
  if (first.kind !== 'undecided') return [];
  return cycleRetriesFor(first.reason, img).map((v) => JSON.stringify(v));
}

test('seed 107483: undecided without rootSiblingBirths; 34, forked by 5 with CLONE_PARENT, forks init 10 before its setsid, 10 forks 30 and 46 in group 5', (t) => {
  t.true(retries(107483).includes(JSON.stringify({ rootSiblingBirths: true })));
  const first = planWithVariant(generateHistory(107483).image, {});
  t.is(first.kind, 'undecided');
  t.true(first.kind === 'undecided' && first.reason.includes('(reparent-helper)'));
  const ops = mustPlan(t, 107483, { rootSiblingBirths: true }).ops;
  const c34 = at(ops, clone('t34'));
  t.true(c34 >= 0 && ops[c34]!.op === 'clone' && ops[c34]!.actor === 't5' && (ops[c34] as { flags: string[] }).flags.includes('CLONE_PARENT'));
  const c10 = at(ops, clone('t10'));
  const s34 = at(ops, (o) => o.op === 'setsid' && o.actor === 't34');
  t.true(c10 >= 0 && ops[c10]!.actor === 't34' && c10 < s34, '34 forks 10 before its setsid');
  const s10 = at(ops, (o) => o.op === 'setsid' && o.actor === 't10');
  for (const c of ['t30', 't46']) {
    const i = at(ops, clone(c));
    t.true(i >= 0 && ops[i]!.actor === 't10' && i < s10, `10 forks ${c} before its setsid`);
  }
});

test('seed 109963: settledCarriers with unshareInits: 32 unshares pid:3 and forks its init 50', (t) => {
  t.true(retries(109963).includes(JSON.stringify({ settledCarriers: true, unshareInits: true })));
  t.is(planWithVariant(generateHistory(109963).image, { settledCarriers: true }).kind, 'undecided', 'settledCarriers alone is undecided');
  const ops = mustPlan(t, 109963, { settledCarriers: true, unshareInits: true }).ops;
  const un = at(ops, (o) => o.op === 'unshare' && o.actor === 't32' && o.flags.includes('CLONE_NEWPID'));
  const c50 = at(ops, clone('t50'));
  t.true(un >= 0 && un < c50 && ops[c50]!.actor === 't32', '32 unshares pid:3, then forks 50');
});

test('seed 108848: dead leader 5 planned as its last thread 26, no join between forking 22 and 62', (t) => {
  t.true(retries(108848).includes(JSON.stringify({ lastThreadLeaders: true })));
  const ops = mustPlan(t, 108848, { lastThreadLeaders: true }).ops;
  const firstThread = ops.find((o) => o.op === 'clone' && o.actor === 't5' && o.flags.includes('CLONE_THREAD'));
  t.is(firstThread?.op === 'clone' ? firstThread.child : undefined, 't26');
  const c22 = at(ops, clone('t22'));
  const sid = at(ops, (o) => o.op === 'setsid' && o.actor === 't5');
  const c62 = at(ops, clone('t62'));
  t.true(c22 >= 0 && c22 < sid && sid < c62, '22 before the setsid, 62 after');
  t.false(ops.some((o, i) => i > c22 && i < c62 && o.op === 'setns' && o.actor === 't5'), 'no join of 5 in between');
});

test('seed 103905: 37 joins mnt:1 before its switch, creates thread 47, then joins cgroup:2', (t) => {
  t.true(retries(103905).includes(JSON.stringify({ threadKeptJoins: true, threadedLeaderJoins: true })));
  t.is(planWithVariant(generateHistory(103905).image, { threadKeptJoins: true }).kind, 'undecided', 'threadKeptJoins alone is undecided');
  const ops = mustPlan(t, 103905, { threadKeptJoins: true, threadedLeaderJoins: true }).ops;
  const mnt = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'mnt');
  const user = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user');
  const c47 = at(ops, clone('t47'));
  const cg = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'cgroup');
  t.true(mnt >= 0 && mnt < user && user < c47 && c47 < cg, 'mnt join, switch, thread, cgroup join');
});

test('seed 108495: init 30 forked by zombie 11, not by a maker of 21; 21 joins group 4 after 45 is born', (t) => {
  t.true(retries(108495).includes(JSON.stringify({ userBoundCreators: true, emitChoices: true })));
  const ops = mustPlan(t, 108495, { userBoundCreators: true, emitChoices: true }).ops;
  const c30 = at(ops, clone('t30'));
  t.true(c30 >= 0 && ops[c30]!.actor === 't11');
  const c45 = at(ops, clone('t45'));
  const join = at(ops, (o) => o.op === 'setpgid' && o.actor === 't21' && o.pgid === 4);
  t.true(c45 >= 0 && c45 < join, '45 is born before 21 joins group 4');
});

test('seed 107516: undecided without preSwitchZombieForks; zombie 43 forks 64 and 70 after its setsid, before its unshare of user:5', (t) => {
  t.true(retries(107516).includes(JSON.stringify({ preSwitchZombieForks: true })));
  t.is(planWithVariant(generateHistory(107516).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 107516, { preSwitchZombieForks: true }).ops;
  const sid = at(ops, (o) => o.op === 'setsid' && o.actor === 't43');
  const user = at(ops, (o) => o.op === 'unshare' && o.actor === 't43' && o.flags.includes('CLONE_NEWUSER'));
  for (const c of ['t64', 't70']) {
    const i = at(ops, clone(c));
    t.true(i >= 0 && ops[i]!.actor === 't43' && sid < i && i < user, `43 forks ${c} between its setsid and its switch`);
  }
});
