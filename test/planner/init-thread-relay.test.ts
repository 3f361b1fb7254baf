/**
 * Re-plan variant initThreadRelays (planner/variants/init-thread-relay.ts): a pid-ns init whose thread
 * keeps its creator's fs_struct is forked by that creator with CLONE_FS from inside the pid ns's
 * owner, creates the thread with CLONE_FS and then takes its own copy by unshare(CLONE_FS)
 * (FORK-0, FORK-4, OWN-1, SETNS-4, UNSH-1).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, initThreadRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, pred: (o: Op) => boolean) => ops(p).findIndex(pred);

test('seed 79438: 5 makes user:1, forks init 7 with CLONE_FS|CLONE_NEWPID; 7 creates thread 20 with CLONE_FS, then unshares CLONE_FS', (t) => {
  const p = mustPlan(t, 79438, V);
  const user = at(p, (o) => o.op === 'unshare' && o.actor === 't5' && (o.flags ?? []).includes('CLONE_NEWUSER'));
  const c7 = at(p, (o) => o.op === 'clone' && o.actor === 't5' && o.child === 't7');
  t.true(user >= 0 && c7 > user, '5 enters the owner before forking the init');
  t.true(ops(p)[c7].flags!.includes('CLONE_FS') && ops(p)[c7].flags!.includes('CLONE_NEWPID'));
  const c20 = at(p, (o) => o.op === 'clone' && o.actor === 't7' && o.child === 't20');
  t.true(c20 > c7 && ops(p)[c20].flags!.includes('CLONE_FS'));
  const own = at(p, (o) => o.op === 'unshare' && o.actor === 't7' && (o.flags ?? []).length === 1 && o.flags![0] === 'CLONE_FS');
  t.true(own > c20, '7 copies its fs_struct after creating thread 20');
});

test('planImage gains seed 79438 (verified plan)', (t) => {
  mustPlan(t, 79438);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 79438)', (t) => {
  const img = generateHistory(79438).image;
  for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
