/**
 * Re-plan variant ghostOwnShares (planner/variants/ghost-own-share.ts): a session ghost forked with
 * CLONE_FILES by the holder of its members' fd table is also the first holder of the fs_struct it
 * gives, with CLONE_FS, to a process of its birth session before its setsid and to a member after
 * it (FORK-4, SID-2, EXIT-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, shares: true, ghostBirths: true } as const;
const V = { ...BASE, ghostOwnShares: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneOf = (p: Plan, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.child === child);

test('seed 49023: 3 forks session 9\'s ghost with CLONE_FILES; it forks 39 with CLONE_FS before its setsid, 53 with CLONE_FS and 70 with CLONE_FILES after', (t) => {
  const p = mustPlan(t, 49023, V);
  const c39 = cloneOf(p, 't39');
  const g = ops(p)[c39].actor!;
  t.regex(g, /^h\d+$/);
  const cg = cloneOf(p, g);
  t.is(ops(p)[cg].actor, 't3');
  t.true(ops(p)[cg].flags!.includes('CLONE_FILES') && !ops(p)[cg].flags!.includes('CLONE_FS'), 'the ghost shares 3\'s fd table, with an fs_struct of its own');
  const sid = ops(p).findIndex((o) => o.op === 'setsid' && o.actor === g);
  const c53 = cloneOf(p, 't53');
  const c70 = cloneOf(p, 't70');
  t.true(c39 < sid && sid < c53 && sid < c70);
  t.true(ops(p)[c39].flags!.includes('CLONE_FS') && ops(p)[c53].flags!.includes('CLONE_FS'));
  t.is(ops(p)[c53].actor, g);
  t.is(ops(p)[c70].actor, g);
  t.true(ops(p)[c70].flags!.includes('CLONE_FILES'));
});

test('planImage gains seed 49023 (verified plan)', (t) => {
  mustPlan(t, 49023);
});

test('without the flag the same attempt and the first attempt stay undecided (seed 49023)', (t) => {
  const img = generateHistory(49023).image;
  const a = planWithVariant(img, BASE);
  t.is(a.kind, 'undecided');
  t.regex(a.kind === 'undecided' ? a.reason : '', /no task of that session can create it/);
  const b = planWithVariant(img, { moves: false, initStop: false });
  t.is(b.kind, 'undecided');
  t.regex(b.kind === 'undecided' ? b.reason : '', /FORK-4/);
});
