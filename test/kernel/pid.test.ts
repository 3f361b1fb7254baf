import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';

test('PID-1 levels: a CLONE_NEWPID child gets a number at every level, innermost 1, and becomes init', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'init', ['CLONE_NEWPID'], { setTid: [1, 23456] }));
  t.deepEqual(s.entry('init').pid, [23456, 1]);
  t.is(s.task('init').activePidNs.childReaper, s.task('init'));
  t.true(s.task('init').tg.unkillable);
});

test('PID-2 automatic allocation is cyclic and skips numbers in use', (t) => {
  const s = new Sim();
  withSession(t, s); // a = 2
  ok(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 40 }, clone('a', 'x', [], { setTid: [42] }));
  t.is(ok(t, s, clone('a', 'b')), 41);
  t.is(ok(t, s, clone('a', 'c')), 43);
});

test('PID-2 wrap: after pid_max the search restarts at 300 (RESERVED_PIDS)', (t) => {
  const s = new Sim({ ...new Sim().k.profile, pidMax: 32768 });
  withSession(t, s);
  ok(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 32766 });
  t.is(ok(t, s, clone('a', 'b')), 32767);
  t.is(ok(t, s, clone('a', 'c')), 300);
  t.is(ok(t, s, clone('a', 'd')), 301);
});

test('PID-2 a fresh ns numbers from 1; set_tid does not move the cursor', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  ok(t, s, clone('i', 'x', [], { setTid: [200] }));
  t.is(ok(t, s, clone('i', 'y')), 2);
});

test('PID-2 EAGAIN when every number is taken', (t) => {
  const s = new Sim({ ...new Sim().k.profile, pidMax: 5 });
  withSession(t, s); // 2
  ok(t, s, clone('a', 'b'), clone('a', 'c')); // 3, 4
  err(t, s, clone('a', 'd'), 'EAGAIN', 'PID-2');
});

test('PID-3 a zombie keeps its number: set_tid on it -> EEXIST, after reaping OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'z'), { op: 'exit', actor: 'z', code: 0 });
  const z = s.pidOf('z');
  err(t, s, clone('a', 'x', [], { setTid: [z] }), 'EEXIST', 'FORK-9');
  ok(t, s, { op: 'wait', actor: 'a', pid: z });
  ok(t, s, clone('a', 'y', [], { setTid: [z] }));
});

test('PID-3 a dead group leader stays reserved while a member has its pgid', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 }, clone('g', 'm'));
  const g = s.pidOf('g');
  ok(t, s, { op: 'exit', actor: 'g', code: 0 }, { op: 'wait', actor: 'a', pid: g });
  err(t, s, clone('a', 'x', [], { setTid: [g] }), 'EEXIST', 'FORK-9');
  ok(t, s, { op: 'exit', actor: 'm', code: 0 });
  // m is now a zombie child of root (reparented): it still holds pgid g
  err(t, s, clone('a', 'x2', [], { setTid: [g] }), 'EEXIST', 'FORK-9');
  ok(t, s, { op: 'wait', actor: 'root', pid: s.pidOf('m') });
  ok(t, s, clone('a', 'x3', [], { setTid: [g] }));
});

test('PID-3 a dead session leader stays reserved while a member has its sid', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'm'));
  const a = s.pidOf('a');
  ok(t, s, { op: 'exit', actor: 'a', code: 0 }, { op: 'wait', actor: 'root', pid: a });
  err(t, s, clone('root', 'x', [], { setTid: [a] }), 'EEXIST', 'FORK-9');
  t.deepEqual(s.entry('m').sid, [a]);
});

test('PID-4 numbers are per ns: the second child after unshare(NEWPID) is pid 2 with ppid 0 inside', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, clone('a', 'one'), clone('a', 'two'));
  t.is(s.pidOf('two', 'two'), 2);
  const tw = s.task('two');
  t.is(tw.tg.parent!.pid.nrIn(tw.activePidNs), 0);
  t.is(s.pidOf('one', 'one'), 1);
});

test('PID-5 a new pid ns has pid_max 4194304 whatever the parent has', (t) => {
  const s = new Sim({ ...new Sim().k.profile, pidMax: 32768 });
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  t.is(s.task('i').activePidNs.pidMax, 4194304);
  t.is(s.k.rootPidNs.pidMax, 32768);
});

test('PID-6 ns_last_pid: next automatic pid is v+1 in the writer\'s active ns', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 99 });
  t.is(ok(t, s, clone('a', 'b')), 100);
});

test('PID-6 ns_last_pid out of range -> EINVAL (v < 0 or v > pid_max); v = pid_max OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'write-ns-last-pid', actor: 'a', value: -1 }, 'EINVAL', 'PID-6');
  err(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 4194305 }, 'EINVAL', 'PID-6');
  ok(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 4194304 });
});

test('PID-6 ns_last_pid without caps in the ns owner -> EPERM; inside its own userns+pidns OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']));
  err(t, s, { op: 'write-ns-last-pid', actor: 'u', value: 10 }, 'EPERM', 'PID-6');
  ok(t, s, clone('a', 'ui', ['CLONE_NEWUSER', 'CLONE_NEWPID']));
  ok(t, s, { op: 'write-ns-last-pid', actor: 'ui', value: 10 });
  t.is(ok(t, s, clone('ui', 'c')), 11);
});

test('PID-7 forking into a namespace whose init died -> ENOMEM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, clone('a', 'init'), { op: 'exit', actor: 'init', code: 0 });
  err(t, s, clone('a', 'late'), 'ENOMEM', 'PID-7');
});

test('PID-7 setns into a dead pid ns succeeds but forking there -> ENOMEM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'm'), clone('a', 'j'));
  ok(t, s, { op: 'exit', actor: 'i', code: 0 }); // kills m
  // i is a zombie: its pid file still resolves (NSFD-1)
  ok(t, s, { op: 'setns', actor: 'j', target: 'i', file: 'pid' });
  err(t, s, clone('j', 'x'), 'ENOMEM', 'PID-7');
});

test('PID-8 a failed first allocation leaves the fresh ns usable: set_tid [7] -> EINVAL, then fork -> pid 1', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] });
  err(t, s, clone('a', 'x', [], { setTid: [7] }), 'EINVAL', 'FORK-9');
  ok(t, s, clone('a', 'init'));
  t.is(s.pidOf('init', 'init'), 1);
  t.is(s.task('init').activePidNs.childReaper, s.task('init'));
});
