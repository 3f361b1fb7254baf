/**
 * Re-plan variant forkingThreadMnt (planner/variants/forking-thread-mnt.ts), with shares and
 * keptStandIns: the thread that forks a CLONE_FS child, holding what the child shares, settles
 * its mount ns before the fork (FORK-4, SETNS-3, UNSH-1); a dead leader child stands for its
 * threads' fs_struct, so its creator settles its mount ns before it too (dead-leader-kept.ts).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, keptStandIns: true, forkingThreadMnt: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const mntJoinAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'setns' && o.actor === actor && o.file === 'mnt');

test('seed 42421: thread 49 of 16 joins mnt:0 and then forks 9 with CLONE_FS', (t) => {
  const p = mustPlan(t, 42421, V);
  const th = cloneAt(p, 't16', 't49');
  const j = mntJoinAt(p, 't49');
  const c9 = cloneAt(p, 't49', 't9');
  t.true(th >= 0 && j > th && c9 > j);
  t.true(ops(p)[th].flags?.includes('CLONE_THREAD') && !ops(p)[th].flags?.includes('CLONE_FS'), '49 holds an fs_struct of its own');
  t.true(ops(p)[c9].flags?.includes('CLONE_FS'));
});

test('seed 40875: thread 29 joins its mount ns before forking 72 with CLONE_FS', (t) => {
  const p = mustPlan(t, 40875, V);
  const j = mntJoinAt(p, 't29');
  const c72 = cloneAt(p, 't29', 't72');
  t.true(j >= 0 && c72 > j);
  t.true(ops(p)[c72].flags?.includes('CLONE_FS'));
});

test('seed 62274: 11 makes mnt:1 before forking the dead leader 9 with CLONE_FS', (t) => {
  const p = mustPlan(t, 62274, V);
  const mk = ops(p).findIndex((o) => o.op === 'unshare' && o.actor === 't11' && (o.flags ?? []).includes('CLONE_NEWNS'));
  const c9 = cloneAt(p, 't11', 't9');
  t.true(mk >= 0 && c9 > mk);
  t.true(ops(p)[c9].flags?.includes('CLONE_FS'));
});

test('planImage gains seeds 40875, 42421, 47325, 62274 (verified plans)', (t) => {
  for (const s of [40875, 42421, 47325, 62274]) {
    mustPlan(t, s);
  }
});

test('without forkingThreadMnt the same attempt and the first attempt stay undecided on SETNS-3 (seeds 40875, 42421)', (t) => {
  for (const s of [40875, 42421]) {
    const img = generateHistory(s).image;
    for (const v of [{ moves: false, initStop: false, shares: true, keptStandIns: true }, { moves: false, initStop: false }] as const) {
      const out = planWithVariant(img, v);
      t.is(out.kind, 'undecided', `seed ${s} ${JSON.stringify(v)}`);
      t.regex(out.kind === 'undecided' ? out.reason : '', /shares its fs_struct with other threads \(SETNS-3\)/);
    }
  }
});
