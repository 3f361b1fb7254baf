/**
 * Members that must be born in a session (and a group their pid ns cannot see) with a parent
 * outside it: the re-plan variants that give them a creator there. Each seed is planned with its
 * variant alone (planWithVariant), whichever attempt planImage ends with.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
type SetPgid = Extract<Op, { op: 'setpgid' }>;
const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const setpgidAt = (ops: Op[], actor: string, pid: number, pgid: number): number =>
  ops.findIndex((o): o is SetPgid => o.op === 'setpgid' && o.actor === actor && o.pid === pid && o.pgid === pgid);

// planner/creators/leaving-leader.ts. 7 led group 7, forked 9 (pid-ns level 1, which cannot see group 7)
// with CLONE_PARENT, then joined group 2: 9 is left in group 7 with the restorer as its parent.
// 7 makes group 7, forks init 8 (which must exist before 9, FORK-9) and moves it into group 2 at
// once (8 forks members of group 2 before its setsid), CLONE_PARENTs 9, and only then joins 2.
test('seed 5717: group 7\'s leader forks 9 with CLONE_PARENT before it leaves the group', (t) => {
  const plan = mustPlan(t, 5717, { extended: true, leavingLeaders: true });
  const ops = plan.ops;
  const c9 = cloneAt(ops, 't9');
  t.is(ops[c9]?.actor, 't7', '7 forks 9');
  t.true((ops[c9] as Clone).flags.includes('CLONE_PARENT'), 'with CLONE_PARENT: 9 is the restorer\'s child');
  const made = setpgidAt(ops, 't7', 0, 0);
  const left = setpgidAt(ops, 't7', 0, 2);
  t.true(made >= 0 && made < c9, '7 makes group 7 before it forks 9');
  t.true(left > c9, '7 joins group 2 only after 9 is born in group 7');
  const c8 = cloneAt(ops, 't8');
  t.is(ops[c8]?.actor, 't7', '7 forks init 8');
  t.true(c8 > made && c8 < c9, 'while leading group 7, before 9');
  t.is(setpgidAt(ops, 't7', 8, 2), c8 + 1, '7 moves 8 into group 2 right after the fork');
});

// planner/creators/moved-born-group.ts. 49 shares 45's fs_struct (CLONE_FS: only 45 can create it,
// FORK-4) and is in group 2, which its pid ns cannot see; 45 ends in group 8, which it cannot
// join from its pid ns either. 3 forks 45 in group 2 before its own setsid, 45 forks 49 there,
// then 3 moves 45 into group 8 (its parent, same session, before any execve: PGID-2) and setsid.
test('seed 3699: 45 is born in group 2 for 49, then its parent moves it into group 8', (t) => {
  const plan = mustPlan(t, 3699, { extended: true, movedBornGroups: true });
  const ops = plan.ops;
  const c45 = cloneAt(ops, 't45');
  const c49 = cloneAt(ops, 't49');
  t.is(ops[c45]?.actor, 't3', '3 forks 45');
  t.is(ops[c49]?.actor, 't45', '45 forks 49');
  t.true((ops[c49] as Clone).flags.includes('CLONE_FS'), 'sharing its fs_struct');
  const moved = setpgidAt(ops, 't3', 45, 8);
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't3');
  t.true(c45 < c49 && c49 < moved, '3 moves 45 into group 8 only after 45 forked 49 in group 2');
  t.true(moved < setsid, 'while 3 is still in session 2');
});

// planner/creators/orphan-sharer-session.ts. 47 (a session leader of pid:1) shares files:11 with 26 of
// session 10; its parent, init 13, is in a user ns below 47's and cannot fork it. Born in session
// 10 rather than the restorer's: zombie 30 (forked by 26 with CLONE_FILES) forks it with
// CLONE_FILES, 47 calls setsid, and 30's exit hands 47 to 13 (EXIT-2), as in the history.
test('seed 11675: user-ns orphan 47 is born in session 10, where a holder of its fd table forks it', (t) => {
  const plan = mustPlan(t, 11675, { orphanSharers: true });
  const ops = plan.ops;
  const c47 = cloneAt(ops, 't47');
  const c30 = cloneAt(ops, 't30');
  t.is(ops[c47]?.actor, 't30', 'zombie 30 forks 47');
  t.true((ops[c47] as Clone).flags.includes('CLONE_FILES'), 'sharing files:11');
  t.is(ops[c30]?.actor, 't26', '26 forks 30');
  t.true((ops[c30] as Clone).flags.includes('CLONE_FILES'), 'sharing files:11 too');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't47');
  const exit30 = ops.findIndex((o) => o.op === 'exit' && o.actor === 't30');
  t.true(c47 < setsid && c47 < exit30, '47 is born in session 10, then leaves it; 30 exits after forking it');
});

// planner/creators/sharer-lift.ts. A member of session 17 shares an object with its parent 2, which
// created 17 (a subreaper whose child 17 forked the member and died). Lifting the member made
// 2 born in session 17, which only exists after 2 forked 17: zombie 17, given the object by 2
// with the clone flag, creates the member with CLONE_PARENT and the same flag instead.
// 18603: 34 shares fs:10 with 2's thread 16; 17647: 43 shares files:0 with 2.
for (const [seed, member, flag] of [[18603, 't34', 'CLONE_FS'], [17647, 't43', 'CLONE_FILES']] as const) {
  test(`seed ${seed}: zombie 17 passes ${flag} on to ${member}; 2 is not lifted into session 17`, (t) => {
    const plan = mustPlan(t, seed, { shares: true, sharerLifts: true });
    const ops = plan.ops;
    const c17 = cloneAt(ops, 't17');
    const cm = cloneAt(ops, member);
    t.true((ops[c17] as Clone).flags.includes(flag), `17 gets the object from 2 (${flag})`);
    t.is(ops[cm]?.actor, 't17', `17 forks ${member}`);
    t.true(['CLONE_PARENT', flag].every((x) => (ops[cm] as Clone).flags.includes(x as Clone['flags'][number])), 'as 2\'s child, sharing the object');
    const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't17');
    t.true(setsid > c17 && setsid < cm, `${member} is born in session 17`);
    const own = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't2');
    t.true(own >= 0 && own < c17, '2 leads its own session 2 before it forks 17 (not born in 17)');
  });
}

// planner/creators/group-joiner.ts. 27 (the init of pid:5) must be born in group 3 (its child 42 inherits
// it), which pid:5 cannot see, with the restorer as parent; group 3's leader lives in pid:1, a
// sibling branch, so no task in group 3 can create 27 there. A helper 2 forks in pid:0 joins
// group 3 (setpgid, its number there), forks 27 (and 16, in the same case) and exits.
test('seed 16716: a helper joins group 3 from pid:0 and forks init 27 in it', (t) => {
  const plan = mustPlan(t, 16716, { groupJoiners: true });
  const ops = plan.ops;
  const h = plan.helpers.find((x) => x.why.includes('joins group 3'));
  t.truthy(h, 'a helper joins group 3');
  const born = cloneAt(ops, h!.name);
  const joined = setpgidAt(ops, h!.name, 0, 3);
  const c27 = cloneAt(ops, 't27');
  t.true(born < joined && joined < c27, 'it joins group 3 before it forks 27');
  t.is(ops[c27]?.actor, h!.name, 'the helper forks 27');
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === h!.name);
  t.true(exit > c27, 'and exits after, handing 27 to the restorer');
});

// 21402: the same construction for 66, which must be in group 37 when it forks 67.
test('seed 21402: planned with a helper that joins a live leader\'s group', (t) => {
  const plan = mustPlan(t, 21402, { groupJoiners: true });
  t.true(plan.helpers.some((x) => /joins group \d+/.test(x.why)), 'a helper joins the group');
});
