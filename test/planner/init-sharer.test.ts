/**
 * planner/variants/init-sharer.ts (re-plan variant initSharers, with `shares`; index.ts CYCLE_VARIANTS): a
 * pid-ns init is never created by the sibling it shares an fd table or fs_struct with when that
 * sibling lives in the init's own pid ns (born after the init, FORK-9; CLONE_NEWPID makes the
 * init a child of its creator's pid ns, FORK-7). Each seed's first attempt stopped on the cycle
 * "create sibling -> create init -> create sibling" and stays undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { initSharers: true as const, shares: true as const };
const CYCLE = 'the ordering constraints form a cycle';
const cloneOf = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

function answer(seed: number, v: Parameters<typeof planWithVariant>[1]): string {
  const out = planWithVariant(generateHistory(seed).image, v);
  return out.kind === 'undecided' ? out.reason : out.kind;
}

for (const [seed, init, sib, ns] of [[50331, 55, 5, 'pid:3'], [76743, 179, 39, 'pid:7']] as const) {
  test(`seed ${seed}: init ${init} of ${ns} is not created by its sharer ${sib}, a member of ${ns}`, (t) => {
    t.true(answer(seed, {}).startsWith(CYCLE), 'the first attempt stops on the cycle');
    t.true(answer(seed, { shares: true }).startsWith(CYCLE), 'shares alone: the sibling still creates the init');
    const ops = mustPlan(t, seed, V).ops;
    const ci = cloneOf(ops, `t${init}`);
    const cs = cloneOf(ops, `t${sib}`);
    t.true(ci >= 0 && cs > ci, `${init} is born before ${sib}`);
    const c = ops[ci] as Extract<Op, { op: 'clone' }>;
    t.not(c.actor, `t${sib}`, `${sib} does not create ${init}`);
    t.true(c.flags.includes('CLONE_NEWPID'), `${init} is born as ${ns}'s init`);
    t.true(c.flags.includes('CLONE_FILES') || c.flags.includes('CLONE_FS'), 'and takes the object it shares from its creator');
    t.is(planImage(generateHistory(seed).image).kind, 'plan', 'planImage plans it');
  });
}
