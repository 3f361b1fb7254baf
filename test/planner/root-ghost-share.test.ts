/**
 * Re-plan variant rootGhostShares (planner/variants/root-ghost-share.ts): a session ghost the restorer
 * forks with CLONE_FS shares the fs_struct the restorer gives its children with CLONE_FS; the
 * restorer copies it by unshare(CLONE_FS) after forking them all (FORK-4, UNSH-1, EXIT-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, rootGhostShares: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, pred: (o: Op) => boolean) => ops(p).findIndex(pred);

test('seed 44244: the restorer forks init 6 and session 15\'s ghost with CLONE_FS, the ghost forks 31 with CLONE_FS, the restorer then unshares CLONE_FS', (t) => {
  const p = mustPlan(t, 44244, V);
  const c6 = at(p, (o) => o.op === 'clone' && o.actor === 'root' && o.child === 't6');
  t.true(c6 >= 0 && ops(p)[c6].flags!.includes('CLONE_FS'));
  const c31 = at(p, (o) => o.op === 'clone' && o.child === 't31');
  const g = ops(p)[c31].actor!;
  t.regex(g, /^h\d+$/);
  t.true(ops(p)[c31].flags!.includes('CLONE_FS'));
  const cg = at(p, (o) => o.op === 'clone' && o.child === g);
  t.is(ops(p)[cg].actor, 'root');
  t.true(ops(p)[cg].flags!.includes('CLONE_FS'));
  t.true(at(p, (o) => o.op === 'setsid' && o.actor === g) < c31, 'the ghost forks 31 after its setsid');
  const own = at(p, (o) => o.op === 'unshare' && o.actor === 'root' && (o.flags ?? []).length === 1 && o.flags![0] === 'CLONE_FS');
  t.true(own > c6 && own > cg, 'the restorer copies its fs_struct after both CLONE_FS forks');
});

test('planImage gains seed 44244 (verified plan)', (t) => {
  mustPlan(t, 44244);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 44244)', (t) => {
  const img = generateHistory(44244).image;
  for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
