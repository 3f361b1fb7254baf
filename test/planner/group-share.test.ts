/**
 * Generated seeds that were "undecided" (planner incompleteness on reachable states) about
 * process groups and clone-time fd-table sharing, and now end in a verified plan. Each test
 * asserts the verified plan and the construction that made it possible.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { buildFacts, groupJoinable } from '../../planner/facts/facts.js';

function verifiedPlan(seed: number): Plan {
  const out = planImage(generateHistory(seed).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
  if (!out.plan.summary.verified) throw new Error(`seed ${seed}: plan not verified`);
  return out.plan;
}
const opsOf = (plan: Plan, actor: string): Op[] => plan.ops.filter((o) => o.actor === actor);
const cloneOf = (plan: Plan, child: string): number => plan.ops.findIndex((o) => o.op === 'clone' && o.child === child);

// A group led from a sibling pid ns of the member's level: its vector has one number per level
// of the member's too, yet the member's pid ns does not see it (PID-4). It was taken as joinable.
test('seed 849: a group led from a sibling pid ns is inherited at birth, never joined', (t) => {
  const img = generateHistory(849).image;
  const f = buildFacts(img);
  const p = f.procs.get(33)!;
  t.is(p.pgid, 18);
  t.is(p.leader.pgid.length, p.level + 1); // long enough a vector...
  t.false(groupJoinable(p)); // ...but group 18 is led from pid ns 1, not an ancestor of 33's
  const plan = verifiedPlan(849);
  t.false(opsOf(plan, 't33').some((o) => o.op === 'setpgid'));
});

// The born-group walk took the group's pid ns from the member's chain (its own pid ns), so the
// parent, an init of that ns, looked older than the group and was not asked to be born in it.
test('seed 1317: the parent of a member that cannot see its group is born in that group', (t) => {
  const plan = verifiedPlan(1317);
  t.false(opsOf(plan, 't59').some((o) => o.op === 'setpgid'));
  // 39 forks 59 (sharing its fs_struct) while still in group 20, then creates its own group
  const fork = cloneOf(plan, 't59');
  t.is(plan.ops[fork].actor, 't39');
  const own = plan.ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't39');
  t.true(own > fork);
});

// A dead group leader whose members all live in shallower pid ns than the leader did: its ghost
// goes to a pid ns of the leader's level where a task of the session lives.
for (const [seed, group, vec] of [[907, 28, [28, 7]], [1589, 7, [7, 2]]] as const) {
  test(`seed ${seed}: group ${group}'s ghost is forked in a pid ns of its dead leader's level`, (t) => {
    const plan = verifiedPlan(seed);
    const ghost = plan.helpers.find((h) => h.role === 'group-ghost' && h.pid?.[0] === group);
    t.truthy(ghost);
    t.deepEqual(ghost!.pid, [...vec]);
  });
}

// A dead group leader whose first member listed is shallower than another member at the leader's
// level: the deepest member's pid ns is the ghost's.
for (const seed of [1041, 1599]) {
  test(`seed ${seed}: a dead leader's ghost lives in its deepest member's pid ns`, (t) => {
    const plan = verifiedPlan(seed);
    t.true(plan.helpers.some((h) => h.role === 'group-ghost'));
  });
}

// Two processes sharing an fd table through a dead intermediate: a helper forked by the holder
// with CLONE_FILES forks the other and exits (planner/sharing/share-carriers.ts).
test('seed 1356: a reparent helper forked with CLONE_FILES carries the fd table to its sharer', (t) => {
  const plan = verifiedPlan(1356);
  const h = plan.helpers.find((x) => x.role === 'reparent-helper' && /shares files/.test(x.why));
  t.truthy(h);
  const made = plan.ops[cloneOf(plan, h!.name)];
  t.is(made.actor, 't42');
  t.true(made.op === 'clone' && made.flags.includes('CLONE_FILES'));
  const child = plan.ops[cloneOf(plan, 't63')];
  t.is(child.actor, h!.name);
  t.true(child.op === 'clone' && child.flags.includes('CLONE_FILES'));
  t.true(opsOf(plan, h!.name).some((o) => o.op === 'exit'));
});

// The same with an fs_struct; the holder settles its mount ns before it forks the helper, as
// the sharer cannot change mount ns while it shares (SETNS-3).
test('seed 1730: a reparent helper forked with CLONE_FS carries the fs_struct to its sharer', (t) => {
  const plan = verifiedPlan(1730);
  const h = plan.helpers.find((x) => x.role === 'reparent-helper' && /shares fs/.test(x.why));
  t.truthy(h);
  const made = plan.ops[cloneOf(plan, h!.name)];
  t.is(made.actor, 't50');
  t.true(made.op === 'clone' && made.flags.includes('CLONE_FS'));
  const child = plan.ops[cloneOf(plan, 't85')];
  t.is(child.actor, h!.name);
  t.true(child.op === 'clone' && child.flags.includes('CLONE_FS'));
  t.false(opsOf(plan, 't85').some((o) => o.op === 'setns' && 'file' in o && o.file === 'mnt'));
});

// A child sharing the fd table its creator's execve gives, and a pending pid ns the creator
// unshares: with every capability kept across execve (root in its user ns), the unshare may
// follow the execve and the child.
for (const [seed, creator, child] of [[319, 't11', 't63'], [1917, 't14', 't54']] as const) {
  test(`seed ${seed}: ${creator}'s execve comes before ${child}, which shares its new fd table, and before its pid-ns unshare`, (t) => {
    const plan = verifiedPlan(seed);
    const ex = plan.ops.findIndex((o) => o.op === 'execve' && o.actor === creator);
    t.true(ex >= 0);
    t.true(ex < cloneOf(plan, child));
  });
}

// An fs relay through a user ns: 24 forks 408 with CLONE_FS, 408 forks 424 with CLONE_FS, then
// 408's unshare(CLONE_NEWUSER) (which implies CLONE_FS) gives it a private copy (UNSH-1).
test('seed 2141: a process making its own user ns relays the fs_struct it was born sharing', (t) => {
  const plan = verifiedPlan(2141);
  const born = plan.ops[cloneOf(plan, 't408')];
  t.is(born.actor, 't24');
  t.true(born.op === 'clone' && born.flags.includes('CLONE_FS'));
  const child = cloneOf(plan, 't424');
  t.is(plan.ops[child].actor, 't408');
  t.true(plan.ops[child].op === 'clone' && (plan.ops[child] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FS'));
  const unshare = plan.ops.findIndex((o) => o.op === 'unshare' && o.actor === 't408' && o.flags.includes('CLONE_NEWUSER'));
  t.true(unshare > child);
});
