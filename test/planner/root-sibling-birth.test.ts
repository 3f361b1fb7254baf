/**
 * Re-plan variant rootSiblingBirths (planner/variants/root-sibling-birth.ts): the born_sid walk ends at
 * a restorer's child that a sibling (or the session's ghost) forks in the session, so a leader
 * that passed its fd table on before its setsid is born there again (FORK-3, FORK-4, SID-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';

const V = { moves: false, initStop: false, rootSiblingBirths: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const setsidAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'setsid' && o.actor === actor);

test('seed 23430: 3 forks init 8 in session 2, 8 forks 28 with CLONE_FILES there, each before its own setsid', (t) => {
  const p = mustPlan(t, 23430, V);
  const c8 = cloneAt(p, 't3', 't8');
  const c28 = cloneAt(p, 't8', 't28');
  t.true(c8 >= 0 && c28 >= 0);
  t.true(ops(p)[c28].flags?.includes('CLONE_FILES'));
  t.true(c8 < setsidAt(p, 't3'), '3 forks 8 while still in session 2');
  t.true(c28 < setsidAt(p, 't8'), '8 forks 28 while still in session 2');
  // session 2's ghost has pid 2 (its leader is gone), not the pid of 3, born in session 2
  const ghost = ops(p).find((o) => o.op === 'clone' && o.actor === 'root' && (o.child ?? '').startsWith('h')) as { setTid?: number[] } | undefined;
  t.deepEqual(ghost?.setTid, [2]);
});

test('seed 14181: init 3 born in session 2 from its sibling 2 forks 6 with CLONE_FILES before its setsid, 6 then 10', (t) => {
  const p = mustPlan(t, 14181, V);
  const c3 = cloneAt(p, 't2', 't3');
  const c6 = cloneAt(p, 't3', 't6');
  const c10 = cloneAt(p, 't6', 't10');
  t.true(c3 >= 0 && c6 > c3 && c10 > c6);
  t.true(ops(p)[c3].flags?.includes('CLONE_PARENT') && ops(p)[c3].flags?.includes('CLONE_NEWPID'));
  t.true(ops(p)[c6].flags?.includes('CLONE_FILES') && ops(p)[c10].flags?.includes('CLONE_FILES'));
  t.true(c6 < setsidAt(p, 't3') && c10 < setsidAt(p, 't6'));
});

test('without the variant the first attempt is left undecided on FORK-4 (seed 23430)', async (t) => {
  const { generateHistory } = await import('../../kernel/generator.js');
  const { planWithVariant } = await import('../../planner/index.js');
  const out = planWithVariant(generateHistory(23430).image, { moves: false, initStop: false });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
});
