import test from 'ava';
import { buildIndex, isSameOrDescendant, namespaceUsers, pidNsAtLevel, taskByNumber } from '../../model/indexes.js';
import { example } from './helpers.js';

test('processes, threads, sessions and groups', (t) => {
  const ix = buildIndex(example('threads'));
  t.deepEqual(ix.processes.get(300)!.threads.map((r) => r.task.pid[0]), [300, 301, 302]);
  t.is(ix.processes.get(310)!.leader!.task.state, 'dead');
  t.deepEqual(ix.processes.get(300)!.children, [310]);
  t.deepEqual(ix.sessions.get(300), [300, 310]);
  t.deepEqual(ix.groups.get(300), [300, 310]);
  t.is(ix.byTid.get(312)!.task.tgid, 310);
});

test('pid namespace tree, levels, inits and members', (t) => {
  const ix = buildIndex(example('nested-pidns'));
  t.is(ix.rootPidNs, 'pid0');
  t.is(ix.rootUserNs, 'user0');
  t.deepEqual(ix.pidns.get('pidC')!.chain, ['pid0', 'pidA', 'pidB', 'pidC']);
  t.is(ix.pidns.get('pidB')!.depth, 2);
  t.deepEqual(ix.pidns.get('pidB')!.inits.map((r) => r.task.pid[0]), [603]);
  t.deepEqual(ix.pidns.get('pidC')!.members, []);
  t.true(isSameOrDescendant(ix, 'pidC', 'pidA'));
  t.false(isSameOrDescendant(ix, 'pidA', 'pidC'));
  t.is(pidNsAtLevel(ix, 'pidB', 1), 'pidA');
  t.deepEqual(ix.nsproxies.get('nspB-pending')!.users.map((r) => r.task.pid[0]), [604]);
  // per-namespace pid tables: pidA sees 601..604 as 1..4, pidB sees 603, 604 as 1, 2
  t.deepEqual([...ix.pidns.get('pidA')!.numbers].map(([n, r]) => [n, r.task.pid[0]]), [[1, 601], [2, 602], [3, 603], [4, 604]]);
  t.is(taskByNumber(ix, 'pidB', 2)!.task.pid[0], 604);
  t.is(taskByNumber(ix, 'pid0', 603)!.task.pid[0], 603);
  t.is(taskByNumber(ix, 'pidB', 3), undefined);
  t.deepEqual(ix.pidClashes, []);
});

test('namespace sharing and ownership views', (t) => {
  const ix = buildIndex(example('userns-owned'));
  const users = namespaceUsers(ix);
  t.deepEqual(users.get('netA2')!.map((r) => r.task.pid[0]), [501, 503]);
  t.deepEqual(users.get('userB')!.map((r) => r.task.pid[0]), [504]);
  t.deepEqual(ix.userns.get('userB')!.chain, ['user0', 'userA', 'userB']);
});

test('the index tolerates cycles, duplicates and dangling refs', (t) => {
  const img = example('session00');
  img.namespaces.push({ id: 'pX', type: 'pid', parent: 'pY' }, { id: 'pY', type: 'pid', parent: 'pX' }, { id: 'pX', type: 'net' });
  img.tasks.push({ ...img.tasks[0] }, { ...img.tasks[1], pid: [777], tgid: 777, ppid: 777, pidns: 'nowhere' });
  const ix = buildIndex(img);
  t.is(ix.pidns.get('pX')!.chain, undefined);
  t.is(ix.duplicateObjrefs.length, 1);
  t.is(ix.duplicateTids.length, 1);
  t.deepEqual(ix.processes.get(777)!.children, [777]);
});
