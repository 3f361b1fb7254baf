/**
 * Re-plan variant deadUserRelays (planner/variants/dead-leader-user-relay.ts), with shares: a dead
 * leader that left its creator's user ns relays the fs_struct its creator passed on: it forks its
 * CLONE_FS child in its birth user ns, then copies the fs_struct by unshare(CLONE_FS) before its
 * user-ns switch, and its thread shares the copy (FORK-4, UNSH-1, SETNS-4, OWN-1).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, deadUserRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, f: (o: Op) => boolean) => ops(p).findIndex(f);

test('seed 20182: dead leader 4 forks 13 with CLONE_FS, unshares CLONE_FS, then enters user:1 and creates thread 44', (t) => {
  const p = mustPlan(t, 20182, V);
  const born = at(p, (o) => o.op === 'clone' && o.child === 't4');
  const c13 = at(p, (o) => o.op === 'clone' && o.actor === 't4' && o.child === 't13');
  const copy = at(p, (o) => o.op === 'unshare' && o.actor === 't4' && (o.flags ?? []).includes('CLONE_FS'));
  const user = at(p, (o) => o.actor === 't4' && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && (o.flags ?? []).includes('CLONE_NEWUSER'))));
  const th = at(p, (o) => o.op === 'clone' && o.child === 't44');
  t.true(ops(p)[born].flags?.includes('CLONE_FS'), '4 is born sharing 2\'s fs_struct');
  t.true(c13 >= 0 && ops(p)[c13].flags?.includes('CLONE_FS'), '13 shares it with CLONE_FS');
  t.true(c13 < copy && copy < user, 'forked before the copy, which comes before the user-ns switch');
  t.true(th > copy, 'thread 44 shares the copy');
});

test('planImage gains seed 20182 (verified plan)', (t) => {
  mustPlan(t, 20182);
});

test('without deadUserRelays seed 20182 stays undecided: OWN-1 first, FORK-4 with shares', (t) => {
  const img = generateHistory(20182).image;
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /pid ns pid:6 must be owned by user ns user:0, but its init 28's creator t19 is in user:1 when it creates it \(OWN-1\)/);
  const shares = planWithVariant(img, { moves: false, initStop: false, shares: true });
  t.is(shares.kind, 'undecided');
});
