/**
 * planner/variants/sess-ghost-birth.ts (re-plan variant ghostBirths): a session's ghost born in another
 * session forks a sharer of its fd table there before its setsid, and the members of its own
 * session sharing it after.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

// n: the session whose leader is dead; b: the sharer in session s, forked before the ghost's
// setsid; a: a member of session n sharing the same fd table, forked after it.
const CASES = [
  // 7 forked init 24 of pid:3 with CLONE_FILES in session 2, then setsid, then 55 into pid:3
  { seed: 7906, n: 7, s: 2, b: 24, a: 55 },
  // 4 forked 30 with CLONE_FILES in session 2, then setsid, then 18
  { seed: 27335, n: 4, s: 2, b: 30, a: 18 },
  // 17 forked 20 with CLONE_FILES in session 2, then setsid, then 31
  { seed: 38448, n: 17, s: 2, b: 20, a: 31 },
];

for (const { seed, n, s, b, a } of CASES) {
  test(`seed ${seed}: session ${n}'s ghost, born in session ${s}, forks ${b} before its setsid and ${a} after`, (t) => {
    const plan = mustPlan(t, seed, { ghostBirths: true });
    const ops = plan.ops;
    const g = plan.helpers.find((h) => h.role === 'session-ghost' && h.why.includes(`a ghost with pid ${n} `));
    t.truthy(g, `session ${n} has a ghost`);
    const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === g!.name);
    const cb = cloneAt(ops, `t${b}`);
    const ca = cloneAt(ops, `t${a}`);
    t.is(ops[cb]?.actor, g!.name, `the ghost creates ${b}`);
    t.is(ops[ca]?.actor, g!.name, `the ghost creates ${a}`);
    t.true(cloneAt(ops, g!.name) < cb && cb < setsid && setsid < ca, `${b} before the ghost's setsid, ${a} after`);
    t.true((ops[cb] as Clone).flags.includes('CLONE_FILES') && (ops[ca] as Clone).flags.includes('CLONE_FILES'), 'both share the ghost\'s fd table');
  });
  test(`seed ${seed}: planImage verifies it`, (t) => {
    const out = planImage(generateHistory(seed).image);
    t.is(out.kind, 'plan');
    t.true(out.kind === 'plan' && out.plan.summary.verified);
  });
}
