/**
 * planner/variants/deep-maker-needs.ts (re-plan variant deepMakerNeeds): a pid-ns maker joins for its init
 * what the init's descendants can only inherit through it (SETNS-3, SETNS-7, OWN-2, FORK-7).
 * Each seed's first attempt is refused a join for want of rights, and stays so without the variant.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { deepMakerNeeds: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

/** the first attempt's answer (no re-plan variant) */
function undecidedWithout(seed: number): string {
  const out = planWithVariant(generateHistory(seed).image, {});
  return out.kind === 'undecided' ? out.reason : out.kind;
}

/** the maker (a helper) that clones init `init`, and the index of its join of `ns` before that clone (-1 if none) */
function makerJoin(ops: Op[], init: string, file: string, ns: string): { maker: string; join: number; clone: number } {
  const clone = at(ops, (o) => o.op === 'clone' && o.child === init);
  const maker = clone >= 0 ? (ops[clone] as { actor: string }).actor : '';
  const join = at(ops, (o) => o.op === 'setns' && o.actor === maker && o.file === file && (o.why ?? '').includes(`${ns} `));
  return { maker, join, clone };
}

// Seed 33510: 60 (user:3) ends in mnt:1, owned by the root user ns; its parent 55 makes mnt:5 and
// is forked by init 18, born in user:3 by its maker h1: 55 and 18 can only hand mnt:1 down, so the
// maker joins it for 18.
test('seed 33510: the maker of 18 joins mnt:1, which 60 can only inherit through 18 and 55', (t) => {
  t.true(undecidedWithout(33510).startsWith('t60 must enter mnt ns mnt:1'), 'the first attempt refuses 60 its join');
  const ops = mustPlan(t, 33510, V).ops;
  const m = makerJoin(ops, 't18', 'mnt', 'mnt:1');
  t.true(m.maker.startsWith('h'), '18 is created by its maker');
  t.true(m.join >= 0 && m.join < m.clone, 'the maker joins mnt:1 before it forks 18');
  const c55 = at(ops, (o) => o.op === 'clone' && o.child === 't55');
  const c60 = at(ops, (o) => o.op === 'clone' && o.child === 't60');
  t.true(m.clone < c55 && c55 < c60, '18 forks 55, which forks 60');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't60' && o.file === 'mnt'), '60 inherits mnt:1');
});

// Seed 25320: 40 (user:5) ends in mnt:2, owned by the root user ns; it is forked by zombie 22,
// forked by 19, forked by init 8, born in user:5 by its maker.
test('seed 25320: the maker of 8 joins mnt:2, which 40 inherits through 19 and zombie 22', (t) => {
  t.true(undecidedWithout(25320).startsWith('t40 must enter mnt ns mnt:2'), 'the first attempt refuses 40 its join');
  const ops = mustPlan(t, 25320, V).ops;
  const m = makerJoin(ops, 't8', 'mnt', 'mnt:2');
  t.true(m.maker.startsWith('h') && m.join >= 0 && m.join < m.clone, 'the maker joins mnt:2 before it forks 8');
  const c40 = at(ops, (o) => o.op === 'clone' && o.child === 't40');
  t.is((ops[c40] as { actor: string }).actor, 't22', 'zombie 22 forks 40');
  t.is(planImage(generateHistory(25320).image).kind, 'plan', 'planImage plans it');
});

// Seed 53876: 20 (user:8) ends in cgroup:8, owned by the root user ns; its creator 242 and init
// 237 (born in user:8) end in cgroup:7.
test('seed 53876: the maker of 237 joins cgroup:8 for 20, two generations down', (t) => {
  t.true(undecidedWithout(53876).startsWith('t20 must enter cgroup ns cgroup:8'), 'the first attempt refuses 20 its join');
  const ops = mustPlan(t, 53876, V).ops;
  const m = makerJoin(ops, 't237', 'cgroup', 'cgroup:8');
  t.true(m.maker.startsWith('h') && m.join >= 0 && m.join < m.clone, 'the maker joins cgroup:8 before it forks 237');
});
