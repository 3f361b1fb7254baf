/**
 * Re-plan variant settledRelays (planner/variants/settled-relay.ts): an fs relay makes its joins and
 * enters its sharers' user ns (its own, or one on its way to it) before forking them with
 * CLONE_FS, and copies its fs_struct by unshare(CLONE_FS) afterwards, so the sharers never need
 * setns(user), which a shared fs_struct forbids (SETNS-4, UNSH-1, FORK-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, settledRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const userJoinAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'setns' && o.actor === actor && o.file === 'user');
const unshareAt = (p: Plan, actor: string, flag: string) => ops(p).findIndex((o) => o.op === 'unshare' && o.actor === actor && (o.flags ?? []).includes(flag));

test('seed 59687: 4 enters user:1, then forks 7 and 24 with CLONE_FS, then unshares its fs_struct', (t) => {
  const p = mustPlan(t, 59687, V);
  const u = userJoinAt(p, 't4');
  const c7 = cloneAt(p, 't4', 't7');
  const c24 = cloneAt(p, 't4', 't24');
  t.true(u >= 0 && c7 > u && c24 > u, '4 is in user:1 before forking its sharers');
  t.regex(ops(p)[u].why ?? '', /before forking the children that share its fs_struct/, 'the why says it is not a last move');
  t.true(ops(p)[c7].flags?.includes('CLONE_FS') && ops(p)[c24].flags?.includes('CLONE_FS'));
  t.true(unshareAt(p, 't4', 'CLONE_FS') > Math.max(c7, c24), '4 copies fs:2 after forking them');
  t.is(userJoinAt(p, 't7'), -1, '7 never calls setns(user)');
  t.is(userJoinAt(p, 't24'), -1, '24 never calls setns(user)');
});

test('seed 88147: 45 enters user:1 on its way to user:6, forks 54 and 68 with CLONE_FS there, then makes user:6', (t) => {
  const p = mustPlan(t, 88147, V);
  const u = userJoinAt(p, 't45');
  const c54 = cloneAt(p, 't45', 't54');
  const c68 = cloneAt(p, 't45', 't68');
  t.true(u >= 0 && c54 > u && c68 > u, '45 is in user:1 before forking its sharers');
  t.true(ops(p)[c54].flags?.includes('CLONE_FS') && ops(p)[c68].flags?.includes('CLONE_FS'));
  const own = unshareAt(p, 't45', 'CLONE_NEWUSER');
  t.true(own > Math.max(c54, c68), '45 makes user:6 after forking them');
  t.true(unshareAt(p, 't45', 'CLONE_FS') > Math.max(c54, c68));
  t.is(userJoinAt(p, 't54'), -1);
  t.is(userJoinAt(p, 't68'), -1);
});

test('planImage gains seeds 59687, 88147 (verified plans)', (t) => {
  for (const s of [59687, 88147]) {
    mustPlan(t, s);
  }
});

test('without the flag the first attempt stops on FORK-4 and the shares attempt on SETNS-4 (seeds 59687, 88147)', (t) => {
  for (const s of [59687, 88147]) {
    const img = generateHistory(s).image;
    const first = planWithVariant(img, { moves: false, initStop: false });
    t.is(first.kind, 'undecided', `seed ${s} first attempt`);
    t.regex(first.kind === 'undecided' ? first.reason : '', /FORK-4/);
    const shares = planWithVariant(img, { moves: false, initStop: false, shares: true });
    t.is(shares.kind, 'undecided', `seed ${s} shares`);
    t.regex(shares.kind === 'undecided' ? shares.reason : '', /SETNS-4/);
  }
});
