/**
 * Generated seeds that were "undecided" at b2b3174 on an ordering cycle through reparent helpers,
 * pid-ns inits or thread creators (reachable states, so planner incompleteness), each now planned
 * and verified on the simulated kernel. Each test asserts the verified plan and the construction
 * that breaks the cycle, so a regression names the construction that broke.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { mustPlan } from './seeded.js';


type Clone = Extract<Op, { op: 'clone' }>;
const cloneIndex = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const opIndex = (ops: Op[], actor: string, pred: (o: Op) => boolean): number => ops.findIndex((o) => o.actor === actor && pred(o));
const unshares = (flag: string) => (o: Op): boolean => o.op === 'unshare' && (o.flags as string[]).includes(flag);

// Two orphans of a session, each needing a reparent helper whose only carriers lie below the
// other orphan: the re-plan banned the helpers and offered them again. Their parent can be born
// in the session itself and fork them before its own setsid (a lift), as the image's history did
// through a process that has since exited.
for (const [seed, member, parent] of [[39, 't22', 't16'], [168, 't10', 't9']] as const) {
  test(`seed ${seed}: ${member}, whose helpers closed a cycle, is forked by its parent ${parent} before ${parent}'s setsid`, (t) => {
    const plan = mustPlan(t, seed);
    const i = cloneIndex(plan.ops, member);
    t.true(i >= 0, `${member} is created`);
    t.is(plan.ops[i].actor, parent, `${member} is forked by its image parent`);
    const setsid = opIndex(plan.ops, parent, (o) => o.op === 'setsid');
    t.true(setsid > i, `${parent} calls setsid after forking ${member}, which keeps ${parent}'s first session`);
  });
}

// A namespace the maker of a pid-ns init joins for it was created by a member of that pid ns,
// which only exists after the init: it is now created outside it (here by a holder helper).
test('seed 484: the uts ns the maker joins for init 4 is made by no member of 4\'s pid ns', (t) => {
  const plan = mustPlan(t, 484);
  const mk = plan.helpers.find((h) => h.role === 'pidns-maker' && plan.ops.some((o) => o.op === 'clone' && o.actor === h.name && o.child === 't4'));
  t.truthy(mk, 'init 4 is made by a maker');
  const join = opIndex(plan.ops, mk!.name, (o) => o.op === 'setns' && o.file === 'uts');
  t.true(join >= 0, 'the maker joins a uts ns for 4');
  const from = plan.ops[join];
  const src = from.op === 'setns' ? from.target : '';
  const image = generateHistory(484).image;
  const init = image.tasks.find((x) => x.pid[0] === 4)!;
  const srcTask = image.tasks.find((x) => `t${x.pid[0]}` === src);
  t.true(srcTask === undefined || srcTask.pidns !== init.pidns, `the maker joins it from ${src}, not from a member of ${init.pidns}`);
  t.true(join < cloneIndex(plan.ops, 't4'), 'before creating the init');
});

// A child made by a thread (to share that thread's fs) copies the thread's namespaces: the thread
// is created before the leader's unshare(CLONE_NEWNS), and it forks the child with CLONE_FS.
test('seed 405: 101 is forked by thread 74 of 38, which keeps 38\'s mount ns from before its unshare', (t) => {
  const plan = mustPlan(t, 405);
  const c = cloneIndex(plan.ops, 't101');
  t.true(c >= 0);
  const op = plan.ops[c] as Clone;
  t.is(op.actor, 't74', 'the thread creates it');
  t.true(op.flags.includes('CLONE_FS'), 'sharing the thread\'s fs_struct');
  const newns = opIndex(plan.ops, 't38', unshares('CLONE_NEWNS'));
  t.true(newns >= 0 && cloneIndex(plan.ops, 't74') < newns, 'thread 74 exists before 38 makes its new mount ns');
});
test('seed 2095: verified plan (a child of a thread that keeps the leader\'s first namespaces)', (t) => {
  mustPlan(t, 2095);
});

// A task that makes a new time ns its time_for_children settles only its time ns before that
// unshare: a child in its old mount/uts/cgroup namespaces is forked after the unshare, before
// the task's other namespace steps; the init that must be born in the new time ns comes first.
test('seed 1392: 25 forks 53 in its new time ns, then 62 before changing its other namespaces', (t) => {
  const plan = mustPlan(t, 1392);
  const newtime = opIndex(plan.ops, 't25', unshares('CLONE_NEWTIME'));
  const newmnt = opIndex(plan.ops, 't25', unshares('CLONE_NEWNS'));
  const c53 = cloneIndex(plan.ops, 't53');
  const c62 = cloneIndex(plan.ops, 't62');
  t.true(newtime >= 0 && newmnt >= 0 && c53 >= 0 && c62 >= 0);
  t.true(newtime < c53, 'init 53 is born in time:2, made first');
  t.true(c53 < c62, 'the init comes before the other member of its pid ns');
  t.true(c62 < newmnt, '62 keeps 25\'s mount ns from before its unshare');
});

// Orphans that inherit a group their pid ns cannot see, each from the next: a reparent helper of
// one carrier closed the cycle through a different member at every re-plan, past the attempts
// allowed. A cycle through a helper now bans its carrier for all the helper's members at once;
// here they end up forked by a sibling with CLONE_PARENT.
for (const [seed, members] of [[1720, ['t35', 't118']], [1998, ['t7', 't8', 't153', 't157']]] as const) {
  test(`seed ${seed}: a reparent helper on a cycle is not offered again to any of its members`, (t) => {
    const plan = mustPlan(t, seed);
    const helpers = new Set(plan.helpers.filter((h) => h.role === 'reparent-helper').map((h) => h.name));
    for (const x of members) {
      const i = cloneIndex(plan.ops, x);
      t.true(i >= 0, `${x} is created`);
      t.false(helpers.has(plan.ops[i].actor), `${x} is not forked by a reparent helper`);
    }
  });
}
