/**
 * Generated seeds that were "undecided" on an ordering cycle (the cycles category of
 * /work/coord/undecided.txt), each now planned and verified on the simulated kernel. Each test
 * asserts the construction (or the precise edge) that breaks its cycle.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Orphans of a group their pid ns cannot see, under a pid-ns init, whose every ordinary carrier
// descends from the orphans themselves: the session's ghost (or a member above) forks a helper
// into the init's pid ns, whose exit hands them to the init (sessions.ts lastResort, EXIT-2).
test('seed 7372 (variant lastResort): the orphans of group 4 under 17 come from a helper their own descendants did not create', (t) => {
  const plan = mustPlan(t, 7372, { lastResort: true });
  // 27, 31, 47 and 277 (children of init 17 in group 4, which pid:1 cannot see)
  const helpers = ['t27', 't31', 't47', 't277'].map((k) => cloneOf(plan.ops, k)?.actor).filter((a): a is string => !!a && /^h\d+$/.test(a));
  t.true(helpers.length > 0, 'one of them is forked by a reparent helper');
  // the first of them comes from a helper forked outside 277's subtree (277 is created by 47)
  const outside = helpers.filter((h) => !['t277', 't291', 't295', 't303', 't306'].includes(cloneOf(plan.ops, h)?.actor ?? 't277'));
  t.true(outside.length > 0, `a helper forked outside 47's descendants (${helpers.map((h) => `${h} by ${cloneOf(plan.ops, h)?.actor}`).join(', ')})`);
});
for (const seed of [5955, 7146, 7418, 8524, 8691, 9088, 9370, 11176]) {
  test(`seed ${seed}: a group's orphans under a pid-ns init are planned (variant lastResort)`, (t) => {
    mustPlan(t, seed, { lastResort: true });
  });
}
test('seed 7630 (variant lastResort): 49 is forked by a helper of an open member of its group, not by the zombie it creates', (t) => {
  const plan = mustPlan(t, 7630, { lastResort: true });
  const c = cloneOf(plan.ops, 't49');
  t.truthy(c);
  t.not(c!.actor, 't57', '57 is created by 49 (CLONE_PARENT): it cannot fork 49');
});

// A thread created by another thread whose fs_struct and namespaces it shares copies them from
// that thread: it need not exist before the leader's joins (build.ts copiesCreatorThread).
test('seed 7059: thread 58 is created by thread 33 after the leader 22 joined its namespaces', (t) => {
  const plan = mustPlan(t, 7059);
  const th = cloneOf(plan.ops, 't58');
  t.truthy(th);
  t.is(th!.actor, 't33');
  const joined = at(plan.ops, (o) => o.op === 'setns' && o.actor === 't22');
  t.true(joined >= 0 && joined < plan.ops.indexOf(th!), 'the leader joins before its threads exist');
});

// A helper carrying the fd table its creator got at execve is forked after that execve; its
// children's numbers need no capability of the creator then (ns_last_pid, PID-6).
test('seed 4456: the helper sharing 27\'s post-execve fd table is forked after 27\'s execve', (t) => {
  const plan = mustPlan(t, 4456);
  const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === 't27');
  const helperClones = plan.ops.filter((o): o is Clone => o.op === 'clone' && o.actor === 't27' && /^h\d+$/.test(o.child));
  t.true(ex >= 0);
  t.true(helperClones.some((c) => plan.ops.indexOf(c) > ex), 'a helper of 27 is forked after its execve');
});

// An init forked after its creator's execve drops the capability (it shares the post-execve fd
// table): the creator unshares the pid ns before its execve (unshare-init.ts, variant unshareInits).
for (const [seed, by, init] of [[4396, 't7', 't53'], [8945, 't435', 't460']] as const) {
  test(`seed ${seed} (variant unshareInits): ${by} unshares the pid ns of ${init} before its execve`, (t) => {
    const plan = mustPlan(t, seed, { unshareInits: true });
    const un = at(plan.ops, (o) => o.op === 'unshare' && o.actor === by && (o as { flags: string[] }).flags.includes('CLONE_NEWPID'));
    const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === by);
    const c = cloneOf(plan.ops, init);
    t.true(un >= 0 && ex > un, 'unshare(CLONE_NEWPID) before execve');
    t.truthy(c);
    t.false(c!.flags.includes('CLONE_NEWPID'), 'the init is born into the unshared pid ns');
    t.true(plan.ops.indexOf(c!) > ex, 'and forked after execve, sharing its fd table');
  });
}

// A child created before its creator's user-ns switch needs no edge before execve when execve
// keeps the capabilities in the born user ns (build.ts execKeepsCapsBorn).
test('seed 4309: 7 execs, forks 10 sharing its new fd table, then its session\'s members', (t) => {
  const plan = mustPlan(t, 4309);
  const ex = at(plan.ops, (o) => o.op === 'execve' && o.actor === 't7');
  const c10 = cloneOf(plan.ops, 't10');
  t.true(ex >= 0 && plan.ops.indexOf(c10!) > ex);
});

// Every child a creator makes after its setsid goes after its user-ns switch in one rebuild
// (exec-order.ts sameSessionSiblings), and helpers may be forked after the switch too
// (privilegedHelpersOnCycle).
test('seed 10561: the children 11 forks after its setsid come after its user-ns switch', (t) => {
  const plan = mustPlan(t, 10561);
  const sw = at(plan.ops, (o) => (o.op === 'setns' || o.op === 'unshare') && o.actor === 't11' && /user/i.test(JSON.stringify(o)));
  t.true(sw >= 0);
  for (const k of ['t67', 't46', 't59', 't44', 't47', 't65']) {
    const c = cloneOf(plan.ops, k);
    if (c && c.actor === 't11') t.true(plan.ops.indexOf(c) > sw, `${k} after 11's switch`);
  }
});
for (const seed of [11710, 9209]) {
  test(`seed ${seed}: a helper forked after its creator's user-ns switch`, (t) => {
    mustPlan(t, seed);
  });
}

// Two leaders that swapped groups: each group is held by another member while its leader leaves
// (PGID-3), so neither waits for the other (build.ts heldByAnother).
test('seed 9264: 4 joins group 8 and 8 joins group 4', (t) => {
  const img = generateHistory(9264).image;
  t.deepEqual(img.tasks.find((x) => x.pid[0] === 4)?.pgid[0], 8);
  t.deepEqual(img.tasks.find((x) => x.pid[0] === 8)?.pgid[0], 4);
  mustPlan(t, 9264);
});
