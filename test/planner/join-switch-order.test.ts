/**
 * Ordering cycles around a task's join step and its user-ns switch, on generated reachable states
 * (kernel/generator.ts) that the planner left undecided at main 02c3774. Each test replans the
 * seed and asserts the verified plan and the order of the construction the fix introduced:
 * - a pid-ns maker that must be born with a namespace its creator leaves in its join step, and
 *   must enter a user ns the creator makes at its switch, is forked early (planner/ordering/exec-order.ts
 *   makerBirthInheritsOnCycle, build.ts makerfork): fork, creator's switch, maker's setns(user),
 *   init;
 * - a deferred join of a namespace owned in the task's own final user ns, on a cycle into the
 *   task's switch, moves after the switch (and before an execve that drops its capabilities)
 *   (planner/ordering/join-defer.ts insideJoinsOnCycle).
 */
import test from 'ava';
import type { CloneFlag, Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  return out.plan;
}
const indexOf = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);
const switchOf = (plan: Plan, actor: string): number =>
  indexOf(plan, (o) => o.actor === actor && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'))));

// creator, init (each made by a maker its creator forks before its own switch)
for (const [seed, creator, init] of [[2964, 't21', 't34'], [3076, 't3', 't36'], [3278, 't8', 't27'], [2415, 't4', 't8']] as const) {
  test(`seed ${seed}: ${creator} forks the maker of ${init} before its joins and switch; the maker enters the new user ns after`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const made = indexOf(plan, (o) => o.op === 'clone' && o.child === init);
    t.true(made >= 0, `${init} is created`);
    const mk = plan.ops[made].actor;
    t.true(plan.helpers.some((h) => h.name === mk && h.role === 'pidns-maker'), `${init} is made by a pid-ns maker (${mk})`);
    const fork = indexOf(plan, (o) => o.op === 'clone' && o.child === mk);
    t.is(plan.ops[fork]?.actor, creator, `${creator} forks ${mk}`);
    const sw = switchOf(plan, creator);
    t.true(sw >= 0 && fork < sw, `${creator} forks ${mk} (op ${fork}) before its switch (op ${sw})`);
    // every join of the creator's main step comes after the maker is forked
    const joins = plan.ops.map((o, i) => [o, i] as const).filter(([o, i]) => o.op === 'setns' && o.actor === creator && o.file !== 'user' && i < sw);
    for (const [, i] of joins) t.true(fork < i, `${mk} is forked (op ${fork}) before ${creator}'s join at op ${i}`);
    // (the maker enters the owner, or creates it with CLONE_NEWUSER in the init's clone: 2415)
    const enter = indexOf(plan, (o) => o.actor === mk && o.op === 'setns' && o.file === 'user');
    t.true(made > sw, `${mk} creates ${init} (op ${made}) after ${creator}'s switch (op ${sw})`);
    if (enter >= 0) t.true(enter > sw && enter < made, `${mk} enters its user ns (op ${enter}) after ${creator}'s switch (op ${sw}) and before it creates ${init} (op ${made})`);
    else t.true(plan.ops[made].op === 'clone' && (plan.ops[made] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_NEWUSER'), `${mk} creates ${init} in a new user ns`);
  });
}

// task, namespace type (owned by the user ns the task ends in), the task that makes that namespace:
// 2223, 4358 execve into a user ns with no uid map (their execve drops every capability); in 2642
// a thread of another member born in that user ns makes it; in 3804 another member makes it
// after its own switch (3941 and 3925 were here: their namespaces are now made by the member
// highest in the creation tree, the joining task itself, test/planner/own-ns.test.ts)
const NEWNS: Record<string, CloneFlag> = { cgroup: 'CLONE_NEWCGROUP', uts: 'CLONE_NEWUTS', net: 'CLONE_NEWNET' };
for (const [seed, actor, file, maker] of [[2223, 't42', 'cgroup', 't18'], [4358, 't33', 'uts', 't18'], [2642, 't55', 'net', 't31'], [3804, 't63', 'net', 't27']] as const) {
  test(`seed ${seed}: ${actor} joins the ${file} ns ${maker} makes after its own switch${seed === 2642 || seed === 3804 ? '' : ' and before its execve'}`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.summary.verified);
    const sw = switchOf(plan, actor);
    const join = indexOf(plan, (o) => o.op === 'setns' && o.actor === actor && o.file === file);
    const made = indexOf(plan, (o) => o.op === 'unshare' && o.actor === maker && o.flags.includes(NEWNS[file]));
    t.true(sw >= 0 && join > sw, `${actor} joins ${file} (op ${join}) after its switch (op ${sw})`);
    t.true(made >= 0 && made < join, `${maker} makes the ${file} ns (op ${made}) before ${actor} joins it (op ${join})`);
    const ex = indexOf(plan, (o) => o.op === 'execve' && o.actor === actor);
    if (seed === 2223 || seed === 4358) t.true(ex > join, `${actor} joins ${file} (op ${join}) before its execve (op ${ex}) drops its capabilities`);
  });
}
