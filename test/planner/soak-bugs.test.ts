/**
 * Regression seeds from the planner soak (`npm run soak -- planner`): generated reachable states
 * on which the planner once emitted a plan that failed its own verification ("planner bug").
 * Each test replans the seed (default generator size) and asserts the verified plan, plus the
 * construction the fix introduced, so a regression shows which construction broke.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { buildFacts } from '../../planner/facts/facts.js';
import { Emitter } from '../../planner/output/emit.js';
import { DEFAULT_PROFILE } from '../../kernel/profile.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { image } from './fixtures.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const opsOf = (plan: Plan, actor: string): Op[] => plan.ops.filter((o) => o.actor === actor);

// A namespace the environment's user ns owns, none of whose members is born there: an ns-holder
// forked by the restorer unshares it where it is born. It once created a new user ns first
// (as for an image user ns without members), so the namespace got a new owner.
for (const seed of [12685, 17275, 23260, 33224]) {
  test(`seed ${seed}: an environment-owned namespace is made by a holder that stays in the restorer's user ns`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const holders = plan.helpers.filter((h) => h.role === 'ns-holder');
    t.true(holders.length > 0, 'a holder makes the namespace');
    const envHolders = holders.filter((h) => !opsOf(plan, h.name).some((o) => (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER')) || (o.op === 'setns' && o.file === 'user')));
    t.true(envHolders.length > 0, 'some holder neither creates nor enters a user ns');
    for (const h of envHolders) t.true(opsOf(plan, h.name).some((o) => o.op === 'unshare'), `${h.name} unshares the namespace`);
  });
}

// The fd table an execed task ends with is the one it got at execve: a child sharing it is forked
// with CLONE_FILES after the execve. The edge looked at the child's own table, which a dead
// leader has released (null), instead of the one it had while it lived (its threads').
test('seed 16960: a dead leader sharing its execed creator\'s fd table is forked after the execve', (t) => {
  const plan = verifiedPlan(16960);
  const clone10 = plan.ops.findIndex((o) => o.op === 'clone' && o.child === 't10');
  const exec3 = plan.ops.findIndex((o) => o.op === 'execve' && o.actor === 't3');
  t.true(clone10 >= 0 && exec3 >= 0);
  const c = plan.ops[clone10];
  t.true(c.op === 'clone' && c.flags.includes('CLONE_FILES'), 'dead leader 10 (its thread 12 shares the table of 3) is created with CLONE_FILES');
  t.true(exec3 < clone10, 'after the execve of 3, which gives 3 the table it ends with');
});

// Sharers of one fd table, some created by a helper with CLONE_FILES (the helper holds the table
// first) and one by an execve'd task that no longer holds it: the FORK-4 check counted the
// helper's children as sharing with their creator and missed the second entry into the set, so
// the plan failed its verification. The check now counts the helper as the set's entry; and the
// history's construction is now the planner's: the execve'd creator 9 is born sharing 6's
// table (CLONE_FILES), forks 36 with CLONE_FILES, then execve gives it a private table.
test('seed 25606: an execve\'d creator is born sharing the fd table and forks its sharer before its execve', (t) => {
  const plan = verifiedPlan(25606);
  const i9 = plan.ops.findIndex((o) => o.op === 'clone' && o.child === 't9');
  const i36 = plan.ops.findIndex((o) => o.op === 'clone' && o.child === 't36');
  const ex9 = plan.ops.findIndex((o) => o.op === 'execve' && o.actor === 't9');
  const c9 = plan.ops[i9];
  const c36 = plan.ops[i36];
  t.true(c9.op === 'clone' && c9.actor === 't6' && c9.flags.includes('CLONE_FILES'), '9 is born sharing the table of 6');
  t.true(c36.op === 'clone' && c36.actor === 't9' && c36.flags.includes('CLONE_FILES'), '9 passes it to 36');
  t.true(i36 < ex9, 'before the execve of 9');
});

// A pending pid_for_children owned by a user ns the task only passes through (born in the
// environment's, ending in a child of the owner): it was unshared before the switch, so the
// environment's user ns owned it. The user step now enters the owner, unshares, then goes on.
test('seed 21303: a pending pid ns owned by an intermediate user ns is unshared inside it, in the user step', (t) => {
  const plan = verifiedPlan(21303);
  const ops = opsOf(plan, 't11');
  const pidUnshare = ops.findIndex((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWPID'));
  const userUnshare = ops.findIndex((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'));
  t.true(pidUnshare > 0 && userUnshare > pidUnshare, 'pid ns before the user ns 11 ends in');
  const before = ops.slice(0, pidUnshare);
  t.true(before.some((o) => o.op === 'setns' && o.file === 'user'), 'after entering the owner user ns');
});

// A zombie child of the restorer forked with CLONE_PARENT by a child of another zombie is that
// zombie's child until the zombie exits. Every zombie's SIGCHLD-ignore used to come before
// every zombie exit, so its exit under an ignoring parent reaped it (EXIT-5).
test('seed 17207: a zombie still parented by another zombie exits before that one ignores SIGCHLD', (t) => {
  const plan = verifiedPlan(17207);
  const exit29 = plan.ops.findIndex((o) => o.op === 'exit' && o.actor === 't29');
  const ign5 = plan.ops.findIndex((o) => o.op === 'sigchld-ignore' && o.actor === 't5');
  const exit5 = plan.ops.findIndex((o) => o.op === 'exit' && o.actor === 't5');
  t.true(exit29 >= 0 && ign5 >= 0 && exit5 > ign5);
  t.true(exit29 < ign5, '29 exits while 5 (its parent in the replay) does not ignore SIGCHLD yet');
});

// A task that makes both its own time ns and another one as its time_for_children: the own one
// first (entering it with setns(time_for_children) also moves time_for_children), then the
// other. Both were ordered only after its join step, in either order.
test('seed 40917: a task creating its own time ns and its time_for_children makes its own first', (t) => {
  const plan = verifiedPlan(40917);
  const ops = opsOf(plan, 't30');
  const times = ops.map((o, i) => (o.op === 'unshare' && o.flags.includes('CLONE_NEWTIME') ? i : -1)).filter((i) => i >= 0);
  t.is(times.length, 2);
  const enter = ops.findIndex((o) => o.op === 'setns' && o.file === 'time_for_children' && o.target === 't30');
  t.true(times[0] < enter && enter < times[1], 'unshare, enter it, then unshare the time_for_children one');
});

// A dead group leader whose innermost number is a live task's own pid in the members' pid ns at
// that level: the leader lived in another pid ns of that level. The ghost was placed in the
// members' ns and its set_tid collided (EEXIST). The first attempt answers undecided naming
// PID-3; the bornCreators re-plan variant places the ghost in another pid ns of that level
// (planner/creators/group-ghost-elsewhere.ts, test/planner/born-creators.test.ts).
test('seed 39710: a dead group leader whose number is taken in the members\' pid ns: undecided (PID-3) in the first attempt, no colliding ghost', (t) => {
  const out = planWithVariant(generateHistory(39710).image, {});
  t.is(out.kind, 'undecided');
  if (out.kind !== 'undecided') return;
  t.regex(out.reason, /^group 11's leader is dead; its number 3 at level 2 is task 54's pid in pid ns pid:\d+, .* \(PID-3\)$/);
  t.deepEqual(out.culprits.slice(0, 2), [54, 27]);
});

// unshare(CLONE_NEWTIME) copies the offsets of the caller's time_for_children, not of its active
// time ns (copy_time_ns in create_new_namespaces). A creator that makes two time namespaces in
// a row without entering the first (an ns-holder does) copies the first's offsets into the
// second: the emitter compared with the active one and skipped the write that resets them.
test('emitter: a second new time ns copies the first one\'s offsets (time_for_children), so it writes its own', (t) => {
  const img = image([{ pid: 10, ppid: 0 }], {
    namespaces: [
      { id: 'timeA', type: 'time', owner: 'user0', offsets: { monotonic: 7_000_000_000, boottime: 0 } },
      { id: 'timeB', type: 'time', owner: 'user0', offsets: { monotonic: 0, boottime: 0 } },
    ],
  });
  const f = buildFacts(img);
  const slots = { uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', time: 'time0', timeForChildren: 'time0' };
  const em = new Emitter(f, DEFAULT_PROFILE, slots);
  em.clone({ actor: 'root', child: 'h1', tid: -1, pidns: f.hostPidNs, vector: [99], thread: false, cloneParent: false, share: [], newPidns: false, why: 'test holder' });
  em.create('h1', 'time', 'timeA', 'first');
  em.create('h1', 'time', 'timeB', 'second');
  const writes = em.ops.filter((o) => o.op === 'write-timens-offsets');
  t.deepEqual(writes.map((o) => (o.op === 'write-timens-offsets' ? [o.monotonic, o.boottime] : [])), [[7_000_000_000, 0], [0, 0]]);
  const r = replayOnSimKernel(img, em.ops);
  t.is(r.failedAt, -1);
});

// Seed 48236 was a planner bug of the 25606 kind (fs_struct; a helper holds it first and a zombie's
// child holds it too), undecided after the FORK-4 fix. A zombie's fs_struct is released (null in
// the image), but while it lived it held the one its creator passed it: born with CLONE_FS from
// its creator, it passes it on to its own child with CLONE_FS. Now verified.
test('seed 48236: a zombie passes on the fs_struct it was born sharing (CLONE_FS from its creator, then to its child)', (t) => {
  const plan = verifiedPlan(48236);
  const clone = (child: string) => plan.ops.find((o) => o.op === 'clone' && o.child === child);
  const z = clone('t16');
  const c = clone('t31');
  t.true(z?.op === 'clone' && z.actor === 't12' && z.flags.includes('CLONE_FS'), 'zombie 16 is born sharing 12\'s fs_struct');
  t.true(c?.op === 'clone' && c.actor === 't16' && c.flags.includes('CLONE_FS'), '16 passes it to 31');
});

// The FORK-4 check of seed 25606, on a small image: a session ghost forks two sharers of one fd
// table with CLONE_FILES (its own table), a third sharer is created elsewhere. Before, the check
// took the ghost's children for sharers of their creator's table and let the plan through, which
// failed verification. Either a verified plan (8 forked by a sharer) or the FORK-4 answer.
test('FORK-4: a helper forking sharers is the entry of their set; a sharer created elsewhere is a second one', (t) => {
  const img = image([
    { pid: 6, ppid: 0, sid: 5, pgid: 6, files: 'fX' },
    { pid: 7, ppid: 0, sid: 5, pgid: 7, files: 'fX' },
    { pid: 8, ppid: 0, sid: 8, pgid: 8, files: 'fX' },
  ]);
  const out = planImage(img);
  if (out.kind === 'plan') {
    t.true(out.plan.summary.verified);
    return;
  }
  t.is(out.kind, 'undecided');
  if (out.kind !== 'undecided') return;
  t.notRegex(out.reason, /planner bug/);
  t.regex(out.reason, /share files fX, .*\(FORK-4\)$/);
});

// Seed 1654: a zombie stand-in (52) holds its creator's fs_struct (45's, shared with 81, which
// 52 created). 45 must then enter its user ns before it creates 52 with CLONE_FS: a shared
// fs_struct forbids setns(user) (SETNS-4), so the FORK-9 "create first" order would fail EINVAL.
test('seed 1654: a creator enters its user ns before sharing its fs_struct with a zombie stand-in', (t) => {
  const h = generateHistory(1654, {});
  const out = planImage(h.image);
  // (since the sibling-sharer pass, 81 comes through a reparent helper that does not pass fs:3
  // on, and the answer is an honest FORK-4 undecided; the regression guarded here is the wrong
  // plan, so either answer but that one passes, and a plan must have the order)
  t.not(out.kind, 'impossible');
  if (out.kind === 'undecided') {
    t.false(out.reason.startsWith('planner bug'), out.reason);
    t.regex(out.reason, /FORK-4|cycle/);
    return;
  }
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const clone52 = ops.findIndex((o) => o.op === 'clone' && o.child === 't52');
  const user45 = ops.findIndex((o) => o.op === 'setns' && o.actor === 't45' && o.file === 'user');
  t.true(clone52 >= 0 && user45 >= 0);
  t.true(ops[clone52].op === 'clone' && (ops[clone52] as { flags: string[] }).flags.includes('CLONE_FS'));
  t.true(user45 < clone52, 'setns(user) by 45 precedes its CLONE_FS clone of 52');
});

// Seeds 18212, 24583 (merge soak): an execve'd process was created by a sibling with
// CLONE_FILES to share its fd table, but its own execve unshares a shared table (unshare_files),
// so the replay had them apart. A sibling (or a free session leader's sibling) no longer gives an
// execve'd process its fd table or mm; both now verify through other creators.
for (const seed of [18212, 24583]) {
  test(`seed ${seed}: no sibling gives an execve'd process its fd table at clone time`, (t) => {
    const plan = verifiedPlan(seed);
    const img = generateHistory(seed).image;
    const execed = new Set(img.tasks.filter((x) => x.execed === true && x.pid[0] === x.tgid).map((x) => `t${x.pid[0]}`));
    const bad = plan.ops.filter((o) => o.op === 'clone' && execed.has(o.child) && o.flags.includes('CLONE_PARENT') && o.flags.includes('CLONE_FILES'));
    t.deepEqual(bad, []);
  });
}

// Seed 87533 (merge soak): 36 (execve'd) was born with a fresh table to fork 38 and 52 sharing it
// before its execve, but 38 execve'd too and left the table. An execve'd child does not count as
// a sharer of its creator's pre-execve table, and no creator gives an execve'd process its table:
// an honest FORK-4 undecided instead of a plan that fails verification. Since the sharing
// passes of planner/ (sharers.ts to share-sources.ts) it gets a verified plan.
test('seed 87533: an execve\'d child is not a sharer of its creator\'s table before execve: no wrong plan', (t) => {
  const out = planImage(generateHistory(87533).image);
  if (out.kind === 'plan') { t.true(out.plan.summary.verified); return; }
  t.is(out.kind, 'undecided');
  if (out.kind !== 'undecided') return;
  t.false(out.reason.startsWith('planner bug'), out.reason);
  t.regex(out.reason, /share files files:1, which only clone-time sharing/);
});

// Seeds 43681, 45850 (merge soak): a pid-ns init that shares its creator's fs_struct was made by
// a pid-ns maker, which is cloned sharing nothing (and must not share its fs to switch user ns,
// SETNS-4), so the init had its own fs_struct. FORK-4 now counts a maker-made init as an entry
// of its sharing set: an honest undecided instead of a plan failing its verification. Since
// branch fsshare2 (build.ts useMaker, variant shares) the creator's thread sharing the fs_struct
// forks the init itself: a verified plan.
for (const seed of [43681, 45850]) {
  test(`seed ${seed}: a maker-made init does not get its creator's fs_struct: no wrong plan (verified since the creator's thread forks it)`, (t) => {
    const out = planImage(generateHistory(seed).image);
    t.is(out.kind, 'plan');
    if (out.kind !== 'plan') return;
    t.true(out.plan.summary.verified);
  });
}

// Seed 42513 (100k soak at 7bdcfb1): session ghost h2 moved down into user:1 to create t26 in a
// new user ns below it, then forked t376, which ends in the environment's user ns and so was born
// in the wrong one. Children that inherit a user ns above the helper's destination come first.
test('seed 42513: a ghost creates its root-user-ns children before moving down for a CLONE_NEWUSER child', (t) => {
  const out = planImage(generateHistory(42513).image);
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const born376 = ops.findIndex((o) => o.op === 'clone' && o.child === 't376');
  const moves = ops.findIndex((o) => o.op === 'setns' && o.file === 'user' && o.actor === ops[born376].actor);
  t.true(born376 >= 0 && moves >= 0, 'the ghost forks t376 and moves down into user:1');
  t.true(born376 < moves, `t376 (op ${born376}) is forked before its creator moves down (op ${moves})`);
});

// A carrier helper forked "into a pid ns below the carrier whose init is the sharer's parent"
// (helper-heirs.ts childNsForHeir) was offered a pid ns beside the carrier's, which the walk up
// from the sharer met before it could tell the carrier's ns was not on the way: the carrier then
// pointed pid_for_children at an ancestor pid ns (SETNS-5, EINVAL). The `shares` variant planned
// it on seeds 27457 and 36708 of the 100k soak. Now no variant plans such a carrier.
for (const seed of [27457, 36708]) {
  test(`seed ${seed}: the shares variant never points a carrier's pid_for_children above its own pid ns`, (t) => {
    const img = generateHistory(seed).image;
    const v = planWithVariant(img, { moves: false, initStop: false, shares: true });
    t.false(v.kind === 'undecided' && v.reason.startsWith('planner bug'), v.kind === 'undecided' ? v.reason.slice(0, 200) : v.kind);
    const out = planImage(img);
    t.false(out.kind === 'undecided' && out.reason.startsWith('planner bug'));
    if (out.kind === 'plan') t.true(out.plan.summary.verified);
  });
}
