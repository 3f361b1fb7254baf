/**
 * Ordering of a task's namespace joins against namespace creations, its user-ns switch, its
 * threads and its children, on generated reachable states (kernel/generator.ts) that the planner
 * once left undecided with an ordering cycle. Each test replans the seed and asserts the verified
 * plan and the order of the construction the fix introduced.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const opsOf = (plan: Plan, actor: string): Op[] => plan.ops.filter((o) => o.actor === actor);
const indexOf = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);
const switchOf = (plan: Plan, actor: string): number =>
  indexOf(plan, (o) => o.actor === actor && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'))));

// A history that joined A, forked a child that made B, then joined B: the task's join of B is a
// step of its own after its other joins (planner/ordering/join-defer.ts), still before its user-ns switch.
for (const [seed, actor, kinds] of [[541, 't23', ['ipc', 'cgroup']], [617, 't106', ['uts', 'time']], [108, 't10', ['mnt']]] as const) {
  test(`seed ${seed}: ${actor} joins ${kinds.join(' and ')} after its other joins, once they exist`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const late = plan.ops.map((o, i) => [o, i] as const).filter(([o]) => o.op === 'setns' && o.actor === actor && /after its other joins/.test(o.why ?? ''));
    t.deepEqual(late.map(([o]) => (o.op === 'setns' ? o.file : '')).sort(), [...kinds].sort());
    const sw = switchOf(plan, actor);
    for (const [o, i] of late) {
      const id = /ns (\S+), joined once it exists/.exec(o.why ?? '')?.[1];
      t.truthy(id, 'the join names its namespace');
      const made = indexOf(plan, (x) => /namespace (\S+) is created once/.exec(x.why ?? '')?.[1] === id);
      t.true(made >= 0 && made < i, `${id} is made (op ${made}) before ${actor} joins it (op ${i})`);
      if (sw >= 0) t.true(i < sw, `${actor} joins ${id} while still privileged, before its switch (op ${sw})`);
    }
  });
}

// Seed 328 needed the deferred join too, until holders made mnt:1 and net:1 before t31 could
// (planner/ordering/maker-ns.ts, merged later): its plain join step then comes after them, before its switch.
test('seed 328: t31 joins mnt and net, made by a holder first, while still privileged', (t) => {
  const plan = verifiedPlan(328);
  t.true(plan.summary.verified);
  const sw = switchOf(plan, 't31');
  t.true(sw >= 0);
  for (const file of ['mnt', 'net'] as const) {
    const i = indexOf(plan, (o) => o.op === 'setns' && o.actor === 't31' && o.file === file);
    t.true(i >= 0 && i < sw, `t31 joins ${file} (op ${i}) before its switch (op ${sw})`);
  }
});
// A thread that differs from its leader only in a namespace it makes itself (its own
// time_for_children) is created after the leader's user-ns switch: it copies the leader's
// settled namespaces and unshares its own.
test('seed 171: thread 63 of 46 is created after 46 settled and switched, then makes its own time ns', (t) => {
  const plan = verifiedPlan(171);
  t.true(plan.summary.verified);
  const sw = switchOf(plan, 't46');
  const th = indexOf(plan, (o) => o.op === 'clone' && o.child === 't63' && o.flags.includes('CLONE_THREAD'));
  const own = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't63' && o.flags.includes('CLONE_NEWTIME'));
  t.true(sw >= 0 && th > sw, 'the thread comes after the leader\'s switch (SETNS-4)');
  t.true(own > th, 'the thread makes its time_for_children itself');
});

// A CLONE_FS child born after its creator's switch ends in the creator's final time ns, which the
// creator's setns(time) gave as its time_for_children too: no need to create it before the joins.
test('seed 242: CLONE_FS child 56 is forked by 40 after its switch, in 40\'s joined time ns', (t) => {
  const plan = verifiedPlan(242);
  t.true(plan.summary.verified);
  const joinTime = indexOf(plan, (o) => o.op === 'setns' && o.actor === 't40' && o.file === 'time');
  const sw = switchOf(plan, 't40');
  const child = indexOf(plan, (o) => o.op === 'clone' && o.child === 't56' && o.flags.includes('CLONE_FS'));
  t.true(joinTime >= 0 && joinTime < sw && sw < child, 'join time, switch, then the CLONE_FS child');
});

// A CLONE_FS child of a creator that makes its own mount ns shares that mount ns: it comes after
// the unshare(CLONE_NEWNS), not before (it could not keep the older one while sharing the fs).
test('seed 40: CLONE_FS child 37 is forked after 35\'s unshare(CLONE_NEWNS)', (t) => {
  const plan = verifiedPlan(40);
  t.true(plan.summary.verified);
  const mnt = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't35' && o.flags.includes('CLONE_NEWNS'));
  const child = indexOf(plan, (o) => o.op === 'clone' && o.child === 't37' && o.flags.includes('CLONE_FS'));
  t.true(mnt >= 0 && mnt < child);
});

// A pid-ns maker must be forked while its creator is privileged (it joins namespaces owned
// outside the init's user ns), but the init also needs a mount ns its creator makes after its
// user-ns switch: the maker is forked first, and joins that mount ns and creates the init later.
test('seed 34: maker h4 is forked before 24 switches, and creates 30 once 24 made mnt:1', (t) => {
  const plan = verifiedPlan(34);
  t.true(plan.summary.verified);
  const maker = plan.helpers.find((h) => h.role === 'pidns-maker' && opsOf(plan, h.name).some((o) => o.op === 'clone' && o.child === 't30'));
  t.truthy(maker, 'a maker creates 30');
  const name = maker!.name;
  const fork = indexOf(plan, (o) => o.op === 'clone' && o.child === name);
  const sw = switchOf(plan, 't24');
  const mnt = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't24' && o.flags.includes('CLONE_NEWNS'));
  const join = indexOf(plan, (o) => o.op === 'setns' && o.actor === name && o.file === 'mnt');
  const init = indexOf(plan, (o) => o.op === 'clone' && o.actor === name && o.child === 't30');
  t.true(fork >= 0 && fork < sw, 'the maker is forked while 24 is privileged');
  t.true(sw < mnt && mnt < join && join < init, '24 switches and makes mnt:1; the maker joins it, then creates 30');
});

// A thread created by another thread in the leader's namespaces (to share its fd table and fs)
// copies that thread's settled namespaces and makes its own ipc, cgroup and time ns itself.
test('seed 2704: thread 42, created by thread 31 after 22 settled, unshares its own namespaces', (t) => {
  const plan = verifiedPlan(2704);
  t.true(plan.summary.verified);
  const th31 = indexOf(plan, (o) => o.op === 'clone' && o.child === 't31' && o.flags.includes('CLONE_THREAD'));
  const th42 = indexOf(plan, (o) => o.op === 'clone' && o.actor === 't31' && o.child === 't42' && o.flags.includes('CLONE_THREAD'));
  const own = plan.ops.map((o, i) => [o, i] as const).filter(([o]) => o.op === 'unshare' && o.actor === 't42');
  t.true(th31 >= 0 && th31 < th42);
  t.deepEqual(own.map(([o]) => (o.op === 'unshare' ? o.flags.join('|') : '')).sort(), ['CLONE_NEWCGROUP', 'CLONE_NEWIPC', 'CLONE_NEWTIME']);
  for (const [, i] of own) t.true(i > th42, 'after the thread exists');
});

// A CLONE_FS child made by a thread of its creator (it shares that thread's fs_struct) inherits
// the thread's namespaces, not the leader's: no need to fork it before the leader's joins.
test('seed 4883: 69 is forked by thread 56 of 34, with CLONE_FS, after the thread exists', (t) => {
  const plan = verifiedPlan(4883);
  t.true(plan.summary.verified);
  const th = indexOf(plan, (o) => o.op === 'clone' && o.child === 't56' && o.flags.includes('CLONE_THREAD'));
  const child = indexOf(plan, (o) => o.op === 'clone' && o.actor === 't56' && o.child === 't69' && o.flags.includes('CLONE_FS'));
  t.true(th >= 0 && th < child);
});

// A task that joins its mount ns early (before CLONE_FS children) while a child it creates in a
// user ns without rights waits for its other joins: a cycle through the early join leaves that
// step unordered against the main one (they set disjoint slots), and the plan verifies.
for (const seed of [539, 4484]) {
  test(`seed ${seed}: an early mount-ns join no longer forces the main joins after the mount ns exists`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
  });
}

// A task that makes its own time_for_children, whose child is born in it (its time ns) and must
// also keep the task's original namespaces in other slots: the time join goes in the early step,
// so the order is time join, unshare(CLONE_NEWTIME), the child, then the other joins.
for (const [seed, cr, child] of [[479, 't5', 't20'], [629, 't30', 't72']] as const) {
  test(`seed ${seed}: ${cr} makes its time_for_children before forking ${child}, born in it`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const tfc = indexOf(plan, (o) => o.op === 'unshare' && o.actor === cr && o.flags.includes('CLONE_NEWTIME'));
    const fork = indexOf(plan, (o) => o.op === 'clone' && o.actor === cr && o.child === child);
    t.true(tfc >= 0 && tfc < fork);
  });
}

// Threads that each make their own namespace of a type the leader also makes (net, mnt) need
// none of the leader's older ones: they need not exist before the leader's unshares.
test('seed 1114: threads 34 and 42 of 33 make their own net and mount namespaces', (t) => {
  const plan = verifiedPlan(1114);
  t.true(plan.summary.verified);
  const th34 = indexOf(plan, (o) => o.op === 'clone' && o.child === 't34' && o.flags.includes('CLONE_THREAD'));
  const th42 = indexOf(plan, (o) => o.op === 'clone' && o.child === 't42' && o.flags.includes('CLONE_THREAD'));
  const net34 = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't34' && o.flags.includes('CLONE_NEWNET'));
  const mnt42 = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't42' && o.flags.includes('CLONE_NEWNS'));
  t.true(th34 >= 0 && net34 > th34, '34 unshares its own net ns');
  t.true(th42 >= 0 && mnt42 > th42, '42 unshares its own mount ns');
});

// (once pinned in ns-order.test.ts with the thread first) thread t50 of dead leader 29 makes its
// own ipc ns: it needs none of the leader's, whose unshare(CLONE_NEWIPC) may come before it.
test('seed 12: thread t50 unshares its own ipc ns after its creation, whatever the leader\'s order', (t) => {
  const plan = verifiedPlan(12);
  t.true(plan.summary.verified);
  const th = indexOf(plan, (o) => o.op === 'clone' && o.child === 't50' && o.flags.includes('CLONE_THREAD'));
  const own = indexOf(plan, (o) => o.op === 'unshare' && o.actor === 't50' && o.flags.includes('CLONE_NEWIPC'));
  t.true(th >= 0 && own > th);
});
