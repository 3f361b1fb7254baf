/**
 * Ordering around a task's own mnt/uts/ipc/net/cgroup namespaces and threads' namespaces
 * (planner/graph/build.ts namespace creators and child edges, planner/ordering/owner-inits.ts): generated
 * reachable states that were undecided (ordering cycles) and now verify, with the op order the
 * construction gives asserted.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import type { Plan } from '../../planner/plan.js';
import { mustPlan } from './seeded.js';

const at = (plan: Plan, pred: (o: Op) => boolean): number => plan.ops.findIndex(pred);
const unshares = (actor: string, flag: string) => (o: Op) => o.op === 'unshare' && o.actor === actor && o.flags.includes(flag as never);
const cloneOf = (child: string) => (o: Op) => o.op === 'clone' && o.child === child;

// A process that ends sharing its creator's fs_struct (CLONE_FS) never unshared a mount ns
// (unshare(CLONE_NEWNS) copies the fs_struct, UNSH-1): another member makes the mount ns, and
// the root of the sharing enters it before its CLONE_FS children. Picking the sharer closed
// "create N -> N creates mnt ns -> creator joins it -> creator creates N with CLONE_FS".
for (const seed of [4800, 7212, 8338, 11265, 11626, 1909]) {
  test(`seed ${seed}: no CLONE_FS child makes a mount ns`, (t) => {
    const plan = mustPlan(t, seed);
    const fsKids = new Set(plan.ops.flatMap((o) => (o.op === 'clone' && o.flags.includes('CLONE_FS') && !o.flags.includes('CLONE_THREAD') ? [o.child] : [])));
    t.true(fsKids.size > 0, 'the plan has CLONE_FS children');
    t.false(plan.ops.some((o) => o.op === 'unshare' && fsKids.has(o.actor) && o.flags.includes('CLONE_NEWNS')), 'none of them unshares CLONE_NEWNS');
  });
}

// The namespace is made by its member highest in the creation tree (one whose creator, through
// helpers and zombies, is no member able to make it): the history's creator, before the
// children it creates before its setsid inherit it; not a member it creates after its setsid.
for (const [seed, maker, flag, before] of [[215, 't337', 'CLONE_NEWNS', 't344'], [3233, 't113', 'CLONE_NEWUTS', 't114']] as const) {
  test(`seed ${seed}: ${maker} makes its own ${flag} namespace before creating ${before}`, (t) => {
    const plan = mustPlan(t, seed);
    const un = at(plan, unshares(maker, flag));
    const kid = at(plan, cloneOf(before));
    t.true(un >= 0 && kid >= 0, 'the unshare and the clone are in the plan');
    t.true(un < kid, `${maker}'s unshare(${flag}) comes before ${before} is created`);
  });
}

// A child that makes its own namespace of a kind, or can join the one it ends in, needs none of
// its creator's namespaces of that kind: no "inherits X" nor "from before X" edge for it (SETNS-7,
// UNSH-4). Those edges closed cycles with a sibling that does need the older or the newer one.
for (const [seed, creator, via, child, flag] of [[3801, 't6', 't31', 't52', 'CLONE_NEWNS'], [5404, 't16', 't43', 't43', 'CLONE_NEWNET']] as const) {
  test(`seed ${seed}: ${child} makes its own namespace (${flag}); ${via} is created before ${creator}'s unshare, for the children that need the older one`, (t) => {
    const plan = mustPlan(t, seed);
    const own = at(plan, unshares(child, flag));
    const born = at(plan, cloneOf(via));
    const un = at(plan, unshares(creator, flag));
    t.true(own >= 0 && born >= 0 && un >= 0, 'the unshares and the clone are in the plan');
    t.true(born < un, `${via} is created before ${creator}'s unshare(${flag})`);
  });
}
for (const seed of [11313, 6651, 11280, 11806, 8394, 5834, 4149, 5040, 2498, 3414, 2588]) test(`seed ${seed}: a child's own or joinable namespace of a kind orders nothing against its creator's`, (t) => void mustPlan(t, seed));

// A thread born after its leader's user-ns switch that keeps the leader's namespace from before
// the leader's own unshare: created between the switch and that unshare. The leader's join step
// changes none of the slots where the thread differs (namespaces the leader has from birth, or
// that the thread makes itself), so the thread need not precede it (SETNS-4, UNSH-2).
for (const [seed, leader, thread, flag] of [[3008, 't10', 't23', 'CLONE_NEWIPC']] as const) {
  test(`seed ${seed}: thread ${thread} comes after ${leader}'s user-ns switch and before its unshare(${flag})`, (t) => {
    const plan = mustPlan(t, seed);
    const sw = at(plan, (o) => o.actor === leader && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'))));
    const th = at(plan, (o) => o.op === 'clone' && o.child === thread && o.flags.includes('CLONE_THREAD'));
    const un = at(plan, unshares(leader, flag));
    t.true(sw >= 0 && th >= 0 && un >= 0, 'switch, thread and unshare are in the plan');
    t.true(sw < th && th < un, `${leader} switches, creates ${thread}, then unshares ${flag}`);
  });
}
for (const seed of [5997, 7055, 1895]) test(`seed ${seed}: a thread that makes its own namespaces is created after its leader's join step`, (t) => void mustPlan(t, seed));

// An init whose creator ends in the pid ns's owner user ns U is not born making U when that
// closes a cycle through its creator's own switch into U (planner/ordering/owner-inits.ts): it is
// created from inside U (by a maker, or by its creator after the switch), and U is made above.
for (const [seed, init] of [[1756, 't36'], [1895, 't333'], [8799, 't80']] as const) {
  test(`seed ${seed}: init ${init} is created inside its pid ns's owner, not with CLONE_NEWUSER`, (t) => {
    const plan = mustPlan(t, seed);
    const c = plan.ops.find(cloneOf(init));
    t.truthy(c, 'the init is cloned');
    t.true(c!.op === 'clone' && c!.flags.includes('CLONE_NEWPID'), 'with CLONE_NEWPID');
    t.false(c!.op === 'clone' && c!.flags.includes('CLONE_NEWUSER'), 'without CLONE_NEWUSER');
  });
}

// A pid-ns maker forked by a zombie (which keeps the namespaces it is born with) inherits what
// it cannot join from the zombie's own creator: ordered by the zombie's creation (helper-origin.ts).
test('seed 4682: the maker forked by zombie t11 inherits the net ns it has no rights over', (t) => {
  const plan = mustPlan(t, 4682);
  const mk = plan.ops.find((o) => o.op === 'clone' && o.actor === 't11' && o.child.startsWith('h'));
  t.truthy(mk, 't11 forks a maker');
  const name = mk!.op === 'clone' ? mk!.child : '';
  t.false(plan.ops.some((o) => o.op === 'setns' && o.actor === name && o.file === 'net'), 'the maker inherits its net ns (owned by a user ns it has no rights in)');
});
test('seed 7340: a child that joins its own ipc ns needs none of its creator\'s', (t) => void mustPlan(t, 7340));
