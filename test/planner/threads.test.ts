/**
 * Threads and clone-time sharing: constructions the planner needs so that states reached by real
 * ops verify (kernel rules FORK-2/4/7/8, SETNS-3/6, UNSH-1/6, OWN-5). Each image here was
 * undecided before the construction; the tests assert the verified plan's shape, not only that
 * a plan exists.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import type { Image } from '../../model/image.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { BASE_NSPROXY, image } from './fixtures.js';

const np = (id: string, o: Partial<typeof BASE_NSPROXY>) => ({ ...BASE_NSPROXY, id, ...o });

function verifiedOps(t: import('ava').ExecutionContext, img: Image): Op[] {
  const out = planImage(img);
  if (out.kind !== 'plan') {
    t.fail(`expected a plan, got ${out.kind}: ${out.kind === 'undecided' ? out.reason : out.proof[0]?.message}`);
    return [];
  }
  t.true(out.plan.summary.verified);
  return out.plan.ops;
}
const indexOf = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const cloneOf = (ops: Op[], child: string) => indexOf(ops, (o) => o.op === 'clone' && o.child === child);

test('a dead leader enters its threads\' time and mount namespaces before it creates them (SETNS-6, SETNS-3)', (t) => {
  // 10 makes mnt1 and time1; 20's leader is dead and its thread 21, sharing the fs_struct the
  // leader had, is in both: threads copy the leader's at clone and could not join either later
  const img = image([
    { pid: 10, ppid: 0, nsproxy: 'npA' },
    { pid: 20, ppid: 0, state: 'dead' },
    { pid: 21, tgid: 20, ppid: 0, sid: 20, pgid: 20, files: 'files20', fs: 'fs20', nsproxy: 'npA' },
  ], {
    namespaces: [{ id: 'mnt1', type: 'mnt', owner: 'user0' }, { id: 'time1', type: 'time', owner: 'user0' }],
    nsproxies: [np('npA', { mnt: 'mnt1', time: 'time1', timeForChildren: 'time1' })],
  });
  const ops = verifiedOps(t, img);
  const thread = cloneOf(ops, 't21');
  t.true(thread > 0);
  t.true((ops[thread] as Extract<Op, { op: 'clone' }>).flags.includes('CLONE_FS'));
  const joins = ops.map((o, i) => [o, i] as const).filter(([o]) => o.op === 'setns' && o.actor === 't20');
  t.deepEqual(joins.map(([o]) => (o as Extract<Op, { op: 'setns' }>).file).sort(), ['mnt', 'time']);
  for (const [, i] of joins) t.true(i < thread, 'the leader joins before its thread exists');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't21'), 'the thread inherits, it joins nothing');
});

test('a thread created before its leader\'s unshare(CLONE_NEWTIME) keeps the old time_for_children (UNSH-6, SETNS-6)', (t) => {
  const img = image([
    { pid: 40, ppid: 0, nsproxy: 'npP' },
    { pid: 41, tgid: 40, ppid: 0, sid: 40, pgid: 40, files: 'files40', fs: 'fs40' },
  ], {
    namespaces: [{ id: 'time1', type: 'time', owner: 'user0' }],
    nsproxies: [np('npP', { timeForChildren: 'time1' })],
  });
  const ops = verifiedOps(t, img);
  const unshare = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't40' && o.flags.includes('CLONE_NEWTIME'));
  t.true(unshare > 0);
  t.true(cloneOf(ops, 't41') < unshare, 'the thread comes first');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't41'));
});

test('a session leader sharing an fd table with a sibling of another session is created by it with CLONE_PARENT|CLONE_FILES (FORK-3, FORK-4)', (t) => {
  // 6 is in session 5 (created there by 5); 7 shares 6's fd table and leads its own session:
  // 6 created it with CLONE_FILES|CLONE_PARENT, then 7 called setsid
  const img = image([
    { pid: 5, ppid: 0 },
    { pid: 6, ppid: 0, sid: 5, pgid: 5, files: 'filesS' },
    { pid: 7, ppid: 0, files: 'filesS' },
  ]);
  const ops = verifiedOps(t, img);
  const c = ops[cloneOf(ops, 't7')] as Extract<Op, { op: 'clone' }>;
  t.is(c.actor, 't6');
  t.true(c.flags.includes('CLONE_FILES'));
  t.true(c.flags.includes('CLONE_PARENT'));
});

test('a thread sharing only its fd table with an earlier thread is created by that thread with CLONE_FILES (FORK-4)', (t) => {
  const img = image([
    { pid: 30, ppid: 0, files: 'filesA', fs: 'fsA' },
    { pid: 31, tgid: 30, ppid: 0, sid: 30, pgid: 30, files: 'filesB', fs: 'fsB' },
    { pid: 32, tgid: 30, ppid: 0, sid: 30, pgid: 30, files: 'filesB', fs: 'fsC' },
  ]);
  const ops = verifiedOps(t, img);
  const c = ops[cloneOf(ops, 't32')] as Extract<Op, { op: 'clone' }>;
  t.is(c.actor, 't31');
  t.true(c.flags.includes('CLONE_FILES'));
  t.false(c.flags.includes('CLONE_FS'));
});

// Generated states (kernel/generator.ts) that were undecided at 6b751af, one per construction:
// 56, 97: dead leader's thread in another time ns; 14: leader's new time_for_children after its
// thread; 18: dead leader's thread in a mount ns; 26: CLONE_PARENT fd-table sharer; 29: mount
// ns joined alone before a CLONE_FS child that keeps the creator's other namespaces; 175:
// partial thread sharer; 346: a thread-created thread before its creator's new time ns; 690: the
// leader's time ns joined before a thread that keeps its older uts ns.
for (const seed of [14, 18, 26, 29, 56, 97, 175, 346, 690]) {
  test(`generated seed ${seed} verifies`, (t) => {
    const out = planImage(generateHistory(seed).image);
    t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
    if (out.kind === 'plan') t.true(out.plan.summary.verified);
  });
}

test('seed 8137: a pending pid_for_children owned by a user ns above the task\'s own is unshared from inside it (OWN-1, OWN-5)', (t) => {
  const out = planImage(generateHistory(8137).image);
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason : '');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const unshare = indexOf(ops, (o) => o.op === 'unshare' && o.actor === 't31' && o.flags.includes('CLONE_NEWPID'));
  const enter = indexOf(ops, (o) => o.op === 'setns' && o.actor === 't31' && o.file === 'user');
  t.true(enter >= 0 && enter < unshare, 'it enters the owner user ns, then unshares');
});
