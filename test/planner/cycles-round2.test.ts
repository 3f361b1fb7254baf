/**
 * Generated seeds (12001-24000 and 1-12000) that were undecided on an ordering cycle or a
 * namespace-rights reason, each now planned and verified on the simulated kernel; each test
 * asserts the construction that breaks its cycle.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneOf = (ops: Op[], child: string): Clone | undefined => ops.find((o): o is Clone => o.op === 'clone' && o.child === child);
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const isUserSwitch = (o: Op, actor: string): boolean =>
  o.actor === actor && ((o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')) || (o.op === 'setns' && o.file === 'user'));

// An init forked after its creator's user-ns switch because it shares the fd table its creator's
// execve gave (not its fs_struct): the creator unshares the pid ns while still in the pid ns's
// owner, and the init is born into it without CLONE_NEWPID (unshare-init.ts, variant unshareInits).
for (const [seed, by, init] of [[18354, 't23', 't72'], [18389, 't11', 't33']] as const) {
  test(`seed ${seed} (variant unshareInits): ${by} unshares the pid ns of ${init}, which shares its post-execve fd table`, (t) => {
    const plan = mustPlan(t, seed, { unshareInits: true });
    const un = at(plan.ops, (o) => o.op === 'unshare' && o.actor === by && (o as { flags: string[] }).flags.includes('CLONE_NEWPID'));
    const sw = at(plan.ops, (o) => isUserSwitch(o, by));
    const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === by);
    const c = cloneOf(plan.ops, init);
    t.true(un >= 0 && sw > un, 'unshare(CLONE_NEWPID) before the user-ns switch');
    t.truthy(c);
    t.false(c!.flags.includes('CLONE_NEWPID'), 'the init is born into the unshared pid ns');
    t.true(c!.flags.includes('CLONE_FILES') && plan.ops.indexOf(c!) > ex, 'forked after execve, sharing its fd table');
  });
}
