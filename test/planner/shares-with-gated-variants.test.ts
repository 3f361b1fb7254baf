/**
 * SHR_VARIANTS entries (planner/index.ts) that try, with `shares`, constructions of VARIANTS gated
 * on an answer the first attempt did not give (it named FORK-4) but the shares attempt does, and
 * rootSiblingBirths after an OWN-1 answer; all kept only when verified.
 *  - filesMakers (files-maker.ts, OWN-1, FORK-4): seed 93801, whose shares attempt names OWN-1;
 *  - splitJoins (split-joins.ts) with zombieShares: seed 78650, whose shares attempt ends on a cycle;
 *  - deepMakerNeeds (deep-maker-needs.ts): seed 51454, whose shares attempt names a join refused
 *    for want of rights (SETNS-7);
 *  - lateKeeps with threadKids (late-keeps.ts): seed 30973, whose dead leader 9 forks 36 before
 *    its join of its final uts ns (the prior diagnosis: before taking uts:3);
 *  - rootSiblingBirths (root-sibling-birth.ts) after OWN-1: seed 42231, init 25 forked by 10.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const cloneOf = (p: Plan, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.child === child);
const B = { moves: false, initStop: false } as const;

test('seed 93801: a maker forked with CLONE_FILES clones init 47 with CLONE_NEWPID|CLONE_FILES', (t) => {
  const p = mustPlan(t, 93801, { ...B, shares: true, keptStandIns: true, filesMakers: true });
  const c = ops(p)[cloneOf(p, 't47')];
  t.true(/^h\d+$/.test(c.actor!) && c.flags!.includes('CLONE_NEWPID') && c.flags!.includes('CLONE_FILES'));
  const maker = ops(p)[cloneOf(p, c.actor!)];
  t.true(maker.flags!.includes('CLONE_FILES'), 'the maker shares its creator\'s fd table');
});

test('seed 30973: 8 forks 9 with CLONE_FS; 9 forks 36 before joining its final uts ns', (t) => {
  const p = mustPlan(t, 30973, { ...B, shares: true, lateKeeps: true, threadKids: true });
  const c9 = ops(p)[cloneOf(p, 't9')];
  t.true(c9.actor === 't8' && c9.flags!.includes('CLONE_FS'));
  const c36 = cloneOf(p, 't36');
  t.is(ops(p)[c36].actor, 't9');
  const uts = ops(p).findIndex((o) => o.op === 'setns' && o.actor === 't9' && o.file === 'uts');
  t.true(uts > c36);
});

test('seed 42231: rootSiblingBirths gives init 25 the creator 10 (CLONE_NEWPID), not a helper', (t) => {
  const p = mustPlan(t, 42231, { ...B, rootSiblingBirths: true });
  const c = ops(p)[cloneOf(p, 't25')];
  t.is(c.actor, 't10');
  t.true(c.flags!.includes('CLONE_NEWPID'));
});

test('seeds 78650, 51454: verified with splitJoins / deepMakerNeeds and shares', (t) => {
  mustPlan(t, 78650, { ...B, shares: true, zombieShares: true, splitJoins: true });
  mustPlan(t, 51454, { ...B, shares: true, deepMakerNeeds: true });
});

test('planImage gains seeds 30973, 42231, 51454, 78650, 93801 (verified plans)', (t) => {
  for (const s of [30973, 42231, 51454, 78650, 93801]) {
    mustPlan(t, s);
  }
});

test('without the gated constructions: the first attempt names FORK-4 (OWN-1 for 42231), the shares attempt the gate\'s answer', (t) => {
  const cases: [number, RegExp, RegExp][] = [
    [93801, /FORK-4/, /\(OWN-1\)$/],
    [78650, /FORK-4/, /^the ordering constraints form a cycle/],
    [51454, /FORK-4/, /no rights over/],
    [30973, /FORK-4/, /FORK-4/],
    [42231, /\(OWN-1\)$/, /\(OWN-1\)$/],
  ];
  for (const [s, first, shares] of cases) {
    const img = generateHistory(s).image;
    const a = planWithVariant(img, B);
    t.is(a.kind, 'undecided', `seed ${s} first`);
    t.regex(a.kind === 'undecided' ? a.reason : '', first, `seed ${s} first`);
    const b = planWithVariant(img, { ...B, shares: true });
    t.is(b.kind, 'undecided', `seed ${s} shares`);
    t.regex(b.kind === 'undecided' ? b.reason : '', shares, `seed ${s} shares`);
  }
});
