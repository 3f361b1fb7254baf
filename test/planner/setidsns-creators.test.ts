/**
 * Variants setidsCreators (planner/graph/setids-ns-creators.ts) and setidsLateJoins (late-joins.ts):
 * generated states with credential switches (generateHistory(seed, { setids: true })), where a
 * user ns owned by another uid leaves every task inside it with a non-dumpable mm of an ancestor
 * user ns, whose ns files only privileged tasks outside may open (NSFD-1). Undecided without them.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Variant } from '../../planner/index.js';
import { mustPlanSetids } from './setids-variant-plan.js';

type Op = { op: string; actor: string; child?: string; target?: string; file?: string; flags?: string[] };

/** the plan's ops, read through the loose shape above */
const mustPlan = (t: ExecutionContext, seed: number, variant: Partial<Variant>): Op[] => mustPlanSetids(t, seed, variant) as unknown as Op[];

test('setids seed 45 (setidsCreators): 380, born in user:1 by its owner uid, makes net:2; 349 joins it through 380 before its own switch', (t) => {
  const ops = mustPlan(t, 45, { setidsCreators: true });
  const made = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't380' && !!o.flags?.includes('CLONE_NEWNET'));
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === 't349' && o.file === 'net' && o.target === 't380');
  const sw = ops.findIndex((o) => o.op === 'setns' && o.actor === 't349' && o.file === 'user');
  t.true(made >= 0 && made < join && join < sw, `made ${made} < join ${join} < switch ${sw}`);
  // the born member never joins a net ns: it could open no other member's ns files
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't380' && o.file === 'net'));
});

test('setids seed 353 (setidsCreators): 50 points pid_for_children at pid:3 before its switch into user:4', (t) => {
  const ops = mustPlan(t, 353, { setidsCreators: true });
  const pfc = ops.findIndex((o) => o.op === 'setns' && o.actor === 't50' && o.file === 'pid');
  const sw = ops.findIndex((o) => o.op === 'setns' && o.actor === 't50' && o.file === 'user');
  t.true(pfc >= 0 && pfc < sw, `pfc ${pfc} < switch ${sw}`);
});

test('setids seed 36 (setidsLateJoins): 104 joins mnt:2 after making user:1, no holder in between', (t) => {
  const ops = mustPlan(t, 36, { setidsLateJoins: true });
  const sw = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't104' && !!o.flags?.includes('CLONE_NEWUSER'));
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === 't104' && o.file === 'mnt');
  t.true(sw >= 0 && sw < join, `switch ${sw} < join ${join}`);
  t.true(ops.some((o) => o.op === 'unshare' && o.actor === 't40' && !!o.flags?.includes('CLONE_NEWNS')));
});

test('setids seed 100 (setidsCreators): 9 unshares pid:4 and forks its init 24 into it, never opening a task of pid:4', (t) => {
  const ops = mustPlan(t, 100, { setidsCreators: true });
  const un = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't9' && !!o.flags?.includes('CLONE_NEWPID'));
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't9' && o.child === 't24');
  t.true(un >= 0 && un < fork, `unshare ${un} < fork ${fork}`);
  t.false(ops[fork].flags?.includes('CLONE_NEWPID'));
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't9' && o.file === 'pid' && o.target !== 't9'));
});
