/**
 * Generated seeds that were undecided in the "misc" category of /work/coord/undecided.txt, now
 * planned and verified on the simulated kernel, each asserting the construction that plans it:
 * - planner/sharing/source-mnt.ts: a share-source helper of an fs_struct makes the sharers' user and
 *   mount namespaces itself before its CLONE_FS forks (FORK-0, UNSH-1, SETNS-3, SETNS-4);
 * - planner/ordering/kept-rights-joins.ts: a creator joins, after its user-ns switch, the namespaces it
 *   keeps its rights over there, so a CLONE_FS child forked after the switch still inherits its
 *   original ones (SETNS-4, OWN-2, SETNS-7);
 * - planner/ordering/thread-time-maker.ts: a time ns only threads hold (pending, with other offsets) is
 *   made by their leader before it creates them, and before its own later time ns (UNSH-6, FORK-8);
 * - planner/ordering/pfc-early.ts (timeMakers variant): a dead leader that creates children in another pid
 *   ns need not point its pid_for_children back, which the image does not have (EXIT-4);
 * - facts.ts execJoinsAfter (execCaps variant): a task whose execve keeps every capability joins
 *   after it, so a child sharing its post-execve fd table keeps its original namespaces (SETNS-7).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

/** The helper that forks `sharers` with CLONE_FS, and the index of its unshare of `flag`. */
function sourceUnshare(ops: Op[], sharers: string[], flag: string): { helper: string; unshare: number; firstFork: number } {
  const clones = sharers.map((c) => cloneOf(ops, c));
  const helper = clones[0]?.actor ?? '';
  const unshare = at(ops, (o) => o.op === 'unshare' && o.actor === helper && o.flags.includes(flag as never));
  const firstFork = Math.min(...clones.map((c) => (c ? ops.indexOf(c) : -1)));
  return { helper, unshare, firstFork };
}

// [seed, sharers, makes their user ns, makes their mount ns (5279's is the environment's)]
for (const [seed, sharers, user, mntToo] of [[4790, ['t30', 't85'], false, true], [8254, ['t3', 't20'], true, true], [11770, ['t54', 't96'], true, true], [5279, ['t28', 't81'], true, false]] as const) {
  test(`seed ${seed}: the helper handing out the fs_struct of ${sharers.join(', ')} makes their ${user ? 'user ns' : ''}${user && mntToo ? ' and ' : ''}${mntToo ? 'mount ns' : ''} before its CLONE_FS forks`, (t) => {
    const plan = mustPlan(t, seed);
    const clones = sharers.map((c) => cloneOf(plan.ops, c));
    t.true(clones.every((c) => c?.flags.includes('CLONE_FS') && c.actor === clones[0]!.actor && /^h\d+$/.test(c.actor)), 'one helper forks them all with CLONE_FS');
    t.false(clones.some((c) => c?.flags.includes('CLONE_NEWUSER')), 'no clone(CLONE_NEWUSER|CLONE_FS) (FORK-0)');
    t.false(plan.ops.some((o) => o.op === 'unshare' && sharers.includes(o.actor as never) && (o.flags.includes('CLONE_NEWNS') || o.flags.includes('CLONE_NEWUSER'))), 'no sharer unshares them (UNSH-1 would copy its fs_struct)');
    const mnt = sourceUnshare(plan.ops, [...sharers], 'CLONE_NEWNS');
    if (mntToo) t.true(mnt.unshare >= 0 && mnt.unshare < mnt.firstFork, `${mnt.helper} unshares the mount ns before its first CLONE_FS fork`);
    if (user) {
      const u = sourceUnshare(plan.ops, [...sharers], 'CLONE_NEWUSER');
      t.true(u.unshare >= 0 && u.unshare < u.firstFork && (!mntToo || u.unshare < mnt.unshare), `${u.helper} enters the sharers' new user ns first (OWN-1)`);
    }
  });
}

test('seed 4808: 58 forks its CLONE_FS child 68 after its user-ns switch and before it joins cgroup:1, which it keeps its rights over', (t) => {
  const plan = mustPlan(t, 4808);
  const fork = at(plan.ops, (o) => o.op === 'clone' && o.child === 't68');
  const sw = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't58' && o.file === 'user');
  const cg = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't58' && o.file === 'cgroup');
  t.true(cloneOf(plan.ops, 't68')?.flags.includes('CLONE_FS'));
  t.true(sw >= 0 && sw < fork, 'the switch comes before the CLONE_FS fork (SETNS-4)');
  t.true(cg > fork, '68 keeps the cgroup ns 58 had before (it has no rights over its owner)');
});

test('seed 8779: leader 16 makes time:3 (threads 265, 269 hold it) before creating them, then its own time:2', (t) => {
  const plan = mustPlan(t, 8779);
  const unshares = plan.ops.map((o, i) => (o.op === 'unshare' && o.actor === 't16' && o.flags.includes('CLONE_NEWTIME') ? i : -1)).filter((i) => i >= 0);
  const threads = ['t265', 't269'].map((c) => at(plan.ops, (o) => o.op === 'clone' && o.child === c));
  t.is(unshares.length, 2, 'the leader unshares the time ns twice');
  t.true(threads.every((i) => i > unshares[0] && i < unshares[1]), 'its threads are created between, inheriting time:3 as time_for_children');
  t.false(plan.ops.some((o) => o.op === 'unshare' && (o.actor === 't265' || o.actor === 't269') && o.flags.includes('CLONE_NEWTIME')), 'no thread makes it (the leader made it before creating them)');
});

test('seed 8086 (variant timeMakers): dead leader 6 creates 58 in pid:4 and never points pid_for_children back', (t) => {
  const plan = mustPlan(t, 8086, { timeMakers: true });
  const into = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't6' && o.file === 'pid' && o.target === 't43');
  t.true(into >= 0, '6 points pid_for_children at pid:4 (through its init 43)');
  t.false(plan.ops.slice(into + 1).some((o) => o.op === 'setns' && o.actor === 't6' && (o.file === 'pid' || o.file === 'pid_for_children')), 'and never back');
});

test('seed 7076 (variant execCaps): 27 execs (keeping its capabilities), forks 53 sharing its new fd table, then joins mnt:1', (t) => {
  const plan = mustPlan(t, 7076, { execCaps: true });
  const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === 't27');
  const fork = at(plan.ops, (o) => o.op === 'clone' && o.child === 't53');
  const join = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't27' && o.file === 'mnt');
  t.true(cloneOf(plan.ops, 't53')?.flags.includes('CLONE_FILES'));
  t.true(ex >= 0 && ex < fork && fork < join, 'execve, then the CLONE_FILES fork, then the join');
});
