/**
 * Re-plan variant keptStandIns (planner/sharing/dead-leader-kept.ts): a dead leader stands for the fd
 * table / fs_struct it passed on with CLONE_FILES / CLONE_FS, kept by a later thread of it or by
 * a child, rather than for its first thread's copy (FORK-4, UNSH-1, EXIT-1).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, keptStandIns: true } as const;
const GAINED = [45627, 52079, 66149, 75741, 90325, 95183, 95664];

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneOf = (p: Plan, actor: string, child: string) => ops(p).find((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const exitAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'exit' && o.actor === actor);
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);

test('seed 45627: dead leader 22, forked by 4 with CLONE_FILES, creates thread 34 with CLONE_FILES and its first thread 24 without', (t) => {
  const p = mustPlan(t, 45627, V);
  t.true(cloneOf(p, 't4', 't22')?.flags?.includes('CLONE_FILES'));
  t.true(cloneOf(p, 't22', 't34')?.flags?.includes('CLONE_FILES'));
  t.false(cloneOf(p, 't22', 't24')?.flags?.includes('CLONE_FILES') ?? true);
});

test('seed 95664: relay 41 forks dead leader 59 with CLONE_FS, 59 creates thread 74 sharing it, then exits', (t) => {
  const p = mustPlan(t, 95664, V);
  t.true(cloneOf(p, 't17', 't41')?.flags?.includes('CLONE_FS'));
  t.true(cloneOf(p, 't41', 't59')?.flags?.includes('CLONE_FS'));
  t.true(cloneOf(p, 't59', 't74')?.flags?.includes('CLONE_FS'));
  t.true(exitAt(p, 't59') > cloneAt(p, 't59', 't74'));
});

test('seed 52079: dead leader 7 forked with CLONE_FS passes it to child 40; its thread 11 forks 63 with its own copy', (t) => {
  const p = mustPlan(t, 52079, V);
  const c7 = ops(p).find((o) => o.op === 'clone' && o.child === 't7');
  t.true(c7?.flags?.includes('CLONE_FS'));
  t.true(cloneOf(p, 't7', 't40')?.flags?.includes('CLONE_FS'));
  t.false(cloneOf(p, 't7', 't11')?.flags?.includes('CLONE_FS') ?? true);
  t.true(cloneOf(p, 't11', 't63')?.flags?.includes('CLONE_FS'));
});

test('planImage gains seeds 45627, 52079, 66149, 75741, 90325, 95183, 95664 (verified plans)', (t) => {
  for (const s of GAINED) {
    const out = planImage(generateHistory(s).image);
    t.is(out.kind, 'plan', `seed ${s}`);
    if (out.kind === 'plan') t.true(out.plan.summary.verified, `seed ${s}`);
  }
});

test('without the flag the same attempts stay undecided, and the first attempt on FORK-4', (t) => {
  for (const s of GAINED) {
    const img = generateHistory(s).image;
    for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false, shares: true, threadPfc: true }, { moves: false, initStop: false }] as const) {
      const out = planWithVariant(img, v);
      t.is(out.kind, 'undecided', `seed ${s} ${JSON.stringify(v)}`);
      // (the first attempt names FORK-4, which is what makes planImage try SHR_VARIANTS)
      if (!('shares' in v)) t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/, `seed ${s}`);
    }
  }
});
