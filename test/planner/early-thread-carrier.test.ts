/**
 * Re-plan variant earlyThreadCarriers (planner/variants/early-thread-carrier.ts): a live thread of a
 * process that later leads its own session forks the reparent helper carrying the fd table it
 * holds before that process's setsid, so the helper and the sharer it forks are born in the
 * session the sharer needs (FORK-4, FORK-6, SID-2, EXIT-2).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, earlyThreadCarriers: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, pred: (o: Op) => boolean) => ops(p).findIndex(pred);

/** thread `thr` forks a helper with CLONE_FILES, which forks `child` with it, both before `leader`'s setsid */
function pinned(t: import('ava').ExecutionContext, p: Plan, thr: string, leader: string, child: string): void {
  const h = at(p, (o) => o.op === 'clone' && o.actor === thr && /^h\d+$/.test(o.child ?? '') && (o.flags ?? []).includes('CLONE_FILES'));
  t.true(h >= 0, `${thr} forks a helper with CLONE_FILES`);
  const helper = ops(p)[h].child!;
  const c = at(p, (o) => o.op === 'clone' && o.actor === helper && o.child === child);
  t.true(c > h && ops(p)[c].flags!.includes('CLONE_FILES'), `the helper forks ${child} with CLONE_FILES`);
  const sid = at(p, (o) => o.op === 'setsid' && o.actor === leader);
  t.true(sid > h, `${thr} forks the helper before ${leader}'s setsid`);
  t.true(at(p, (o) => o.op === 'exit' && o.actor === helper) > c, 'the helper exits after forking it');
}

test('seed 59008: thread 15 of dead leader 8 forks the helper before 8\'s setsid; it forks 30 with CLONE_FILES', (t) => {
  pinned(t, mustPlan(t, 59008, V), 't15', 't8', 't30');
});

test('seed 60049: thread 25 of 6 forks the helper before 6\'s setsid; it forks 54 with CLONE_FILES', (t) => {
  pinned(t, mustPlan(t, 60049, V), 't25', 't6', 't54');
});

test('planImage gains seeds 59008, 60049 (verified plans)', (t) => {
  for (const s of [59008, 60049]) {
    mustPlan(t, s);
  }
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seeds 59008, 60049)', (t) => {
  for (const s of [59008, 60049]) {
    const img = generateHistory(s).image;
    for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false }] as const) {
      const out = planWithVariant(img, v);
      t.is(out.kind, 'undecided', `seed ${s} ${JSON.stringify(v)}`);
      t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
    }
  }
});
