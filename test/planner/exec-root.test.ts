/**
 * Re-plan variant `execRoot` (planner/variants/exec-root.ts), and the variant pairs appended with it
 * (planner/index.ts VARIANTS): generated states with credential switches
 * (generateHistory(seed, { setids: true })) that were undecided because every execve was taken
 * to drop the capabilities the steps after it need (UNSH-4, FORK-9, SETNS-5, OWN-3).
 * - 303: 352, born in user:2 (owned by uid 1, root kernel uid 0) with its creator's uid 1, must
 *   unshare time:1 after its execve (its time_for_children differs, FORK-8): it takes uid 0 of
 *   user:2 first (CRED-2), so the execve keeps its capabilities.
 * - 769: 3 (the restorer's uid 0 in user:0) execs, then forks 26 sharing the fd table execve
 *   gave it (FORK-4) with set_tid, and unshares its pending pid ns after: no id switch needed,
 *   only the graph's edges before execve go.
 * - 121: 3 execs in its born user ns user:0, forks 10 with CLONE_FILES after it, and later 26
 *   into pid:2 with set_tid, before its switch into user:1 (no uid map there).
 * - 298: 3 (uid 0 of user:0) execs, then forks with set_tid, 31 with CLONE_NEWUSER among them,
 *   before its own switch into user:1.
 * - 925: 34 takes uid 0 of user:2 before its execve, keeping the capability its later setns into
 *   user:3 needs.
 * - 648 (variant pair timeMakers + dumpable): dead leader 4 makes time:3, its thread 77's pending
 *   time_for_children, before creating 77.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';
import { mustPlanSetids } from './setids-variant-plan.js';
import type { Op } from '../../executor/ops.js';

const EXEC_ROOT: Partial<Variant> = { execRoot: true, execCaps: true, dumpable: true };

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const execOf = (ops: Op[], actor: string) => at(ops, (o) => o.op === 'execve' && o.actor === actor);
const cloneOf = (ops: Op[], child: string) => at(ops, (o) => o.op === 'clone' && o.child === child);
const unshareOf = (ops: Op[], actor: string, flag: string) => at(ops, (o) => o.op === 'unshare' && o.actor === actor && (o.flags as string[]).includes(flag));

test('setids seed 303 (execRoot): 352 takes uid 0 of user:2 right before its execve, then unshares time:1', (t) => {
  const ops = mustPlanSetids(t, 303, { execRoot: true });
  const ex = execOf(ops, 't352');
  t.true(ex > 0);
  const before = ops[ex - 1];
  t.true(before.op === 'setresuid' && before.actor === 't352' && before.uid === 0, 'setresuid(0) by 352 right before its execve');
  const time = unshareOf(ops, 't352', 'CLONE_NEWTIME');
  t.true(time > ex, `the time ns after the execve (FORK-8): ${time} > ${ex}`);
});

test('setids seed 769 (execRoot): 3 execs, then forks 26 with CLONE_FILES and set_tid, then unshares pid:2', (t) => {
  const ops = mustPlanSetids(t, 769, { execRoot: true });
  const ex = execOf(ops, 't3');
  const fork26 = cloneOf(ops, 't26');
  const pid = unshareOf(ops, 't3', 'CLONE_NEWPID');
  t.true(ex >= 0 && ex < fork26 && fork26 < pid, `execve ${ex} < fork 26 ${fork26} < unshare pid ${pid}`);
  const c = ops[fork26] as Extract<Op, { op: 'clone' }>;
  t.true(c.actor === 't3' && c.flags.includes('CLONE_FILES') && (c.setTid?.length ?? 0) > 0);
  // 3 never leaves the restorer's uid 0: no id switch before its execve
  t.false(ops.some((o) => o.op === 'setresuid' && o.actor === 't3'));
});

test('setids seed 121 (execRoot, execCaps, dumpable): 3 execs in user:0, forks 10 sharing its new fd table and 26 with set_tid, then switches', (t) => {
  const ops = mustPlanSetids(t, 121, EXEC_ROOT);
  const ex = execOf(ops, 't3');
  const fork10 = cloneOf(ops, 't10');
  const fork26 = cloneOf(ops, 't26');
  const sw = unshareOf(ops, 't3', 'CLONE_NEWUSER');
  t.true(ex >= 0 && ex < fork10 && fork10 < fork26 && fork26 < sw, `execve ${ex} < fork 10 ${fork10} < fork 26 ${fork26} < switch ${sw}`);
  t.true((ops[fork10] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FILES'));
  const c26 = ops[fork26] as Extract<Op, { op: 'clone' }>;
  t.true(c26.actor === 't3' && (c26.setTid?.length ?? 0) === 2, '26 forked by 3 with its numbers in pid:2 and pid:0');
  // without execRoot the same pair of variants is undecided
  t.is(planWithVariant(generateHistory(121, { setids: true }).image, { execCaps: true, dumpable: true }).kind, 'undecided');
});

test('setids seed 925 (execRoot, dumpable): 34 takes uid 0 of user:2 before its execve and joins user:3 after it', (t) => {
  const ops = mustPlanSetids(t, 925, { execRoot: true, dumpable: true });
  const ex = execOf(ops, 't34');
  t.true(ex > 0 && ops[ex - 1].op === 'setresuid' && ops[ex - 1].actor === 't34');
  const join = at(ops, (o) => o.op === 'setns' && o.actor === 't34' && o.file === 'user');
  t.true(join > ex, `its setns(user) after its execve: ${join} > ${ex}`);
  t.is(planWithVariant(generateHistory(925, { setids: true }).image, { dumpable: true }).kind, 'undecided');
});

test('setids seed 648 (timeMakers, dumpable): dead leader 4 makes time:3 before creating its thread 77', (t) => {
  const ops = mustPlanSetids(t, 648, { timeMakers: true, dumpable: true });
  const time = unshareOf(ops, 't4', 'CLONE_NEWTIME');
  const th = cloneOf(ops, 't77');
  t.true(time >= 0 && time < th, `time ns ${time} < thread ${th}`);
  const c = ops[th] as Extract<Op, { op: 'clone' }>;
  t.true(c.actor === 't4' && c.flags.includes('CLONE_THREAD'));
  t.is(planWithVariant(generateHistory(648, { setids: true }).image, { timeMakers: true }).kind, 'undecided');
});

test('setids seed 298 (execRoot): 3 execs in user:0, then forks 31 into user:3 and pid:2 with set_tid, then switches', (t) => {
  const ops = mustPlanSetids(t, 298, { execRoot: true });
  const ex = execOf(ops, 't3');
  const fork31 = cloneOf(ops, 't31');
  const sw = unshareOf(ops, 't3', 'CLONE_NEWUSER');
  t.true(ex >= 0 && ex < fork31 && fork31 < sw, `execve ${ex} < fork 31 ${fork31} < switch ${sw}`);
  const c = ops[fork31] as Extract<Op, { op: 'clone' }>;
  t.true(c.actor === 't3' && c.flags.includes('CLONE_NEWUSER') && (c.setTid?.length ?? 0) === 2);
});

test('setids seeds 121, 298, 303, 769, 925, 648 plan through planImage', (t) => {
  for (const seed of [121, 298, 303, 769, 925, 648]) {
    const out = planImage(generateHistory(seed, { setids: true }).image);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind === 'plan') t.true(out.plan.summary.verified, `seed ${seed} verified`);
  }
});
