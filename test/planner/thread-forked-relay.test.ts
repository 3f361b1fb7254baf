/**
 * Re-plan variant threadForkedRelays (planner/sharing/thread-forked-relay.ts): a thread relay forked with
 * CLONE_FS by a non-leader thread of its creator's process, creating the threads that keep that
 * fs_struct before its own unshare(CLONE_FS) (FORK-2, FORK-4, UNSH-1, UNSH-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, threadForkedRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const unshareFsAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'unshare' && o.actor === actor && (o.flags ?? []).length === 1 && o.flags?.[0] === 'CLONE_FS');

test('seed 57947: thread 29 of 22 forks 33 and 62 with CLONE_FS; 33 creates thread 34 with CLONE_FS, then unshares its fs_struct', (t) => {
  const p = mustPlan(t, 57947, V);
  const c33 = cloneAt(p, 't29', 't33');
  const c34 = cloneAt(p, 't33', 't34');
  const c62 = cloneAt(p, 't29', 't62');
  t.true(c33 >= 0 && c34 > c33 && c62 >= 0);
  t.true(ops(p)[c33].flags?.includes('CLONE_FS') && ops(p)[c62].flags?.includes('CLONE_FS'));
  t.true(ops(p)[c34].flags?.includes('CLONE_THREAD') && ops(p)[c34].flags?.includes('CLONE_FS'));
  t.true(unshareFsAt(p, 't33') > c34, '33 copies its fs_struct after creating thread 34');
});

test('seed 41995: thread 6 of init 3 forks 9 with CLONE_FS, 9 creates thread 60 sharing it before unshare(CLONE_FS)', (t) => {
  const p = mustPlan(t, 41995, V);
  const c9 = cloneAt(p, 't6', 't9');
  const c60 = cloneAt(p, 't9', 't60');
  t.true(c9 >= 0 && c60 > c9);
  t.true(ops(p)[c9].flags?.includes('CLONE_FS') && ops(p)[c60].flags?.includes('CLONE_FS'));
  t.true(unshareFsAt(p, 't9') > c60);
});

test('planImage gains seeds 41995, 57947, 97821 (verified plans)', (t) => {
  for (const s of [41995, 57947, 97821]) {
    mustPlan(t, s);
  }
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seeds 41995, 57947)', (t) => {
  for (const s of [41995, 57947]) {
    const img = generateHistory(s).image;
    for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false }] as const) {
      const out = planWithVariant(img, v);
      t.is(out.kind, 'undecided', `seed ${s} ${JSON.stringify(v)}`);
      t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
    }
  }
});
