/**
 * Ordering around a task's user-ns switch, on generated reachable states that were undecided
 * (cycles through "created with set_tid while still privileged", "execve before leaving the
 * privileged user ns", "points pid_for_children ... while privileged", and "tN needs
 * time_for_children ... only its own unshare(CLONE_NEWTIME) can give that"). Each plan must be
 * verified on the simulated kernel, and the order that makes it possible is asserted.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Op } from '../../executor/ops.js';

function verifiedOps(t: ExecutionContext, seed: number): Op[] | undefined {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') {
    t.fail(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
    return undefined;
  }
  t.true(out.plan.summary.verified, `seed ${seed}: the plan replays to the image`);
  return out.plan.ops;
}

/** index of the first op matching, or -1 */
const find = (ops: Op[], pred: (o: Op) => boolean, from = 0): number => {
  for (let i = from; i < ops.length; i++) if (pred(ops[i])) return i;
  return -1;
};
/** an op that moves the actor's credentials to another user ns */
const userMove = (actor: string) => (o: Op) => o.actor === actor && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')));

// maker-fork.ts: the maker is forked while its creator is privileged, enters the user ns its
// creator makes at its switch, and creates the init there
for (const { seed, creator, init } of [
  { seed: 229, creator: 't4', init: 't54' }, // creator 4 makes user:0 at its switch; the maker enters it to create user:3 with 54
  { seed: 745, creator: 't3', init: 't17' },
]) {
  test(`seed ${seed}: the maker of ${init} is forked before ${creator}'s user-ns switch, and creates ${init} after it`, (t) => {
    const ops = verifiedOps(t, seed);
    if (!ops) return;
    const fork = find(ops, (o) => o.op === 'clone' && o.actor === creator && (o.why ?? '').startsWith(`pid-ns maker for ${init.slice(1)}:`));
    t.true(fork >= 0, 'the creator forks a maker');
    const maker = (ops[fork] as Extract<Op, { op: 'clone' }>).child;
    const sw = find(ops, userMove(creator));
    const made = find(ops, (o) => o.op === 'clone' && o.child === init);
    t.true(sw >= 0 && made >= 0);
    t.is(ops[made].actor, maker, 'the maker creates the init');
    t.true(fork < sw, 'forked while the creator is still privileged (FORK-9)');
    t.true(sw < made, 'the init is created once the creator has made or entered its user ns');
  });
}
test('seed 508: a maker joins a namespace a holder makes after its creator\'s switch, and still verifies', (t) => {
  verifiedOps(t, 508);
});

// exec-order and pfc-early: 17 points pid_for_children back at its own pid ns before its switch
// (the owner is out of reach afterwards), which no longer forces execve before the switch; its
// CLONE_FS child, born in its own pid ns, follows the switch, and execve follows the child
test('seed 195: 17 resets pid_for_children, switches, creates its CLONE_FS child 155, then execs', (t) => {
  const ops = verifiedOps(t, 195);
  if (!ops) return;
  const ex = find(ops, (o) => o.op === 'execve' && o.actor === 't17');
  const sw = find(ops, userMove('t17'));
  const child = find(ops, (o) => o.op === 'clone' && o.child === 't155');
  const back = find(ops, (o) => o.op === 'setns' && o.actor === 't17' && o.file === 'pid' && o.target === 't17');
  t.true(ex >= 0 && sw >= 0 && child >= 0 && back >= 0);
  t.true(back < sw && sw < child && child < ex, 'pid_for_children back, the switch, the fs-sharing child, then execve');
  t.true((ops[child] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FS'));
});
for (const seed of [579, 1139, 1759, 2394, 2483]) {
  test(`seed ${seed}: execve and children around the user-ns switch verify`, (t) => {
    verifiedOps(t, seed);
  });
}

// pfc-early.ts: pointing pid_for_children back at its own pid ns waits only for creations elsewhere
for (const seed of [1083, 2749]) {
  test(`seed ${seed}: early pid_for_children and the switch verify`, (t) => {
    verifiedOps(t, seed);
  });
}

// time-on-the-way.ts: a pending time_for_children unshared inside the owner, on the way
for (const { seed, actor, through } of [
  { seed: 924, actor: 't399', through: 'unshare' as Op['op'] }, // creates user:7 itself (no task ends there), unshares time:2, then user:3
  { seed: 1500, actor: 't12', through: 'setns' as Op['op'] }, // enters user:0 through a member, unshares time:1, then creates user:1
]) {
  test(`seed ${seed}: ${actor} unshares its pending time_for_children inside a user ns it passes through`, (t) => {
    const ops = verifiedOps(t, seed);
    if (!ops) return;
    const time = find(ops, (o) => o.op === 'unshare' && o.actor === actor && o.flags.includes('CLONE_NEWTIME'));
    const first = find(ops, userMove(actor));
    const second = find(ops, userMove(actor), first + 1);
    t.true(time >= 0 && first >= 0 && second >= 0);
    t.is(ops[first].op, through);
    t.true(first < time && time < second, 'between its two user-ns moves (OWN-1)');
  });
}
for (const { seed, actor } of [{ seed: 1150, actor: 't21' }, { seed: 1156, actor: 't66' }]) {
  test(`seed ${seed}: ${actor} unshares its pending time_for_children in its born user ns, before its switch`, (t) => {
    const ops = verifiedOps(t, seed);
    if (!ops) return;
    const time = find(ops, (o) => o.op === 'unshare' && o.actor === actor && o.flags.includes('CLONE_NEWTIME'));
    const sw = find(ops, userMove(actor));
    t.true(time >= 0 && sw >= 0 && time < sw);
  });
}

// an execve that keeps every capability: a namespace may be created after it
for (const { seed, actor } of [{ seed: 5516, actor: 't12' }, { seed: 6262, actor: 't67' }]) {
  test(`seed ${seed}: ${actor} creates its uts ns after its execve (which keeps its capabilities) and its thread`, (t) => {
    const ops = verifiedOps(t, seed);
    if (!ops) return;
    const ex = find(ops, (o) => o.op === 'execve' && o.actor === actor);
    const uts = find(ops, (o) => o.op === 'unshare' && o.actor === actor && o.flags.includes('CLONE_NEWUTS'));
    const thread = find(ops, (o) => o.op === 'clone' && o.actor === actor && o.flags.includes('CLONE_THREAD'), ex);
    t.true(ex >= 0 && uts >= 0 && thread >= 0);
    t.true(ex < thread && thread < uts, 'execve, the thread that keeps the old uts ns, then the unshare');
  });
}

// an execve that keeps every capability (root of the init user ns): the pending pid ns is
// unshared after it and after the child that shares the post-execve fd table
for (const { seed, actor, child } of [{ seed: 319, actor: 't11', child: 't63' }, { seed: 1917, actor: 't14', child: 't54' }]) {
  test(`seed ${seed}: ${actor} execs, creates ${child} with its new fd table, then unshares its pending pid ns`, (t) => {
    const ops = verifiedOps(t, seed);
    if (!ops) return;
    const ex = find(ops, (o) => o.op === 'execve' && o.actor === actor);
    const c = find(ops, (o) => o.op === 'clone' && o.child === child);
    const pid = find(ops, (o) => o.op === 'unshare' && o.actor === actor && o.flags.includes('CLONE_NEWPID'));
    t.true(ex >= 0 && c >= 0 && pid >= 0);
    t.true(ex < c && c < pid);
    t.true((ops[c] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FILES'));
  });
}

// pfc-early.ts: pid_for_children pointed at a populated child pid ns before the switch (its owner
// is out of reach afterwards) stays there for a CLONE_FS child born in it after the switch
test('seed 5263: 15 points pid_for_children at pid:5 before its switch, then creates its CLONE_FS child 50 there', (t) => {
  const ops = verifiedOps(t, 5263);
  if (!ops) return;
  const pfc = find(ops, (o) => o.op === 'setns' && o.actor === 't15' && o.file === 'pid');
  const sw = find(ops, userMove('t15'));
  const child = find(ops, (o) => o.op === 'clone' && o.child === 't50');
  t.true(pfc >= 0 && sw >= 0 && child >= 0);
  t.true(pfc < sw && sw < child);
  t.is(find(ops, (o) => o.op === 'setns' && o.actor === 't15' && o.file === 'pid', pfc + 1), -1, 'no other pid_for_children setns by 15');
});
