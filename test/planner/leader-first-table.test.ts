/**
 * planner/variants/leader-first-table.ts (re-plan variant leaderFirstTables; index.ts CYCLE_VARIANTS):
 * a leader whose thread and child share an fd table other than the leader's own final one forks
 * the child with CLONE_FILES itself, creates the thread with CLONE_FILES, then copies its own
 * table with unshare(CLONE_FILES) (FORK-4, UNSH-1). The seeds' first attempts stop on the cycle
 * "setsid -> set_tid fork -> user-ns switch (SETNS-4) -> create thread -> the thread forks the
 * child (FORK-4) -> setsid" and stay undecided without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { THREAD_SHARER_AFTER_SWITCH } from '../../planner/variants/leader-first-table.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
type Clone = Extract<Op, { op: 'clone' }>;

const CASES = [
  { seed: 37016, leader: 52, thread: 59, child: 60 },
  { seed: 81064, leader: 40, thread: 49, child: 62 },
];

for (const { seed, leader, thread, child } of CASES) {
  test(`seed ${seed}: ${leader} forks ${child} with CLONE_FILES before its setsid, creates thread ${thread} sharing that table, then unshares its own`, (t) => {
    const first = planWithVariant(generateHistory(seed).image, {});
    t.true(first.kind === 'undecided' && THREAD_SHARER_AFTER_SWITCH.test(first.reason), 'the first attempt stops on the cycle');
    const ops = mustPlan(t, seed, { leaderFirstTables: true }).ops;
    const L = `t${leader}`;
    const kid = at(ops, (o) => o.op === 'clone' && o.child === `t${child}`);
    const th = at(ops, (o) => o.op === 'clone' && o.child === `t${thread}`);
    const setsid = at(ops, (o) => o.op === 'setsid' && o.actor === L);
    const unshare = at(ops, (o) => o.op === 'unshare' && o.actor === L && o.flags.includes('CLONE_FILES'));
    t.is((ops[kid] as Clone).actor, L, `the leader forks ${child}, not its thread`);
    t.true((ops[kid] as Clone).flags.includes('CLONE_FILES'), `${child} shares the leader's table`);
    t.true(kid < setsid, `${child} is forked before the setsid, keeping the old session`);
    t.true((ops[th] as Clone).flags.includes('CLONE_FILES') && (ops[th] as Clone).actor === L, `the leader creates thread ${thread} with CLONE_FILES`);
    t.true(setsid < th && th < unshare, 'the leader copies its own table after creating the thread');
  });
}
