import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';
import { profileForVersion, withoutFeatures, DEFAULT_PROFILE } from '../../kernel/profile.js';

test('FORK-0 without clone3 -> ENOSYS; legacy clone still works', (t) => {
  const s = new Sim(withoutFeatures(DEFAULT_PROFILE, ['clone3']));
  err(t, s, clone('root', 'a'), 'ENOSYS', 'FORK-0');
  ok(t, s, clone('root', 'a', [], { legacy: true }));
});

test('FORK-0 clone3 set_tid on a kernel without set_tid -> E2BIG', (t) => {
  const s = new Sim(profileForVersion('5.4'));
  err(t, s, clone('root', 'a', [], { setTid: [50] }), 'E2BIG', 'FORK-0');
});

test('FORK-0 clone3 checks: exit_signal > 64, set_tid over 32 entries, THREAD/PARENT with exit_signal -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('a', 'x', [], { exitSignal: 65 }), 'EINVAL', 'FORK-0');
  err(t, s, clone('a', 'x', [], { setTid: new Array(33).fill(5) }), 'EINVAL', 'FORK-0');
  err(t, s, clone('a', 'x', ['CLONE_PARENT'], { exitSignal: 17 }), 'EINVAL', 'FORK-0');
  err(t, s, clone('a', 'x', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'], { exitSignal: 17 }), 'EINVAL', 'FORK-0');
});

test('FORK-0 order: flag rules (step 3) win over namespace permission (step 6) and pid allocation (step 7)', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  // unprivileged: NEWNS would be EPERM, but NEWNS+FS is EINVAL first
  err(t, s, clone('root', 'x', ['CLONE_NEWNS', 'CLONE_FS']), 'EINVAL', 'FORK-4');
  // set_tid in use and no caps for NEWUTS: EPERM (step 6) before EEXIST (step 7)
  err(t, s, clone('root', 'y', ['CLONE_NEWUTS'], { setTid: [1] }), 'EPERM', 'FORK-7');
});

test('FORK-1 plain fork: parent is the caller, same group and session, subreaper flag not inherited', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'subreaper', actor: 'a', value: true }, clone('a', 'b'));
  const b = s.entry('b');
  t.is(b.ppid, s.pidOf('a'));
  t.deepEqual(b.pgid, [s.pidOf('a')]);
  t.deepEqual(b.sid, [s.pidOf('a')]);
  t.false(b.subreaper);
  t.true(s.task('b').tg.hasChildSubreaper);
  t.false(b.execed);
});

test('FORK-2 CLONE_THREAD without SIGHAND, SIGHAND without VM -> EINVAL; a proper thread shares tgid, mm, sighand', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('a', 'x', ['CLONE_THREAD', 'CLONE_VM']), 'EINVAL', 'FORK-2');
  err(t, s, clone('a', 'x', ['CLONE_SIGHAND']), 'EINVAL', 'FORK-2');
  ok(t, s, clone('a', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']));
  const th = s.entry('th');
  const a = s.entry('a');
  t.is(th.tgid, a.tgid);
  t.is(th.mm, a.mm);
  t.is(th.sighand, a.sighand);
  t.not(th.files, a.files);
});

test('FORK-2 CLONE_THREAD with NEWPID/NEWUSER, or after unshare(NEWPID) -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  const th = ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] as const;
  err(t, s, clone('a', 'x', [...th, 'CLONE_NEWPID']), 'EINVAL', 'FORK-2');
  err(t, s, clone('a', 'x', [...th, 'CLONE_NEWUSER']), 'EINVAL', 'FORK-2');
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] });
  err(t, s, clone('a', 'x', [...th]), 'EINVAL', 'FORK-2');
});

test('FORK-3 CLONE_PARENT: parent is the caller\'s parent, group and session stay the caller\'s', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'setsid', actor: 'b' }, clone('b', 'c', ['CLONE_PARENT']));
  const c = s.entry('c');
  t.is(c.ppid, s.pidOf('a'));
  t.deepEqual(c.sid, [s.pidOf('b')]);
  t.deepEqual(c.pgid, [s.pidOf('b')]);
});

test('FORK-3 CLONE_PARENT from a pid-ns init (and from the global init) -> EINVAL; from a non-init in the ns OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('root', 'x', ['CLONE_PARENT']), 'EINVAL', 'FORK-3');
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  err(t, s, clone('i', 'x', ['CLONE_PARENT']), 'EINVAL', 'FORK-3');
  ok(t, s, clone('i', 'm'), clone('m', 'sib', ['CLONE_PARENT']));
  t.is(s.entry('sib').ppid, s.pidOf('i'));
});

test('FORK-3 CLONE_PARENT|CLONE_NEWPID is allowed (6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('b', 'c', ['CLONE_PARENT', 'CLONE_NEWPID']));
  t.is(s.entry('c').ppid, s.pidOf('a'));
});

test('FORK-4 NEWNS+FS, NEWUSER+FS, NEWIPC+SYSVSEM -> EINVAL; CLONE_FS/FILES share', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('a', 'x', ['CLONE_NEWNS', 'CLONE_FS']), 'EINVAL', 'FORK-4');
  err(t, s, clone('a', 'x', ['CLONE_NEWUSER', 'CLONE_FS']), 'EINVAL', 'FORK-4');
  err(t, s, clone('a', 'x', ['CLONE_NEWIPC', 'CLONE_SYSVSEM']), 'EINVAL', 'FORK-4');
  ok(t, s, clone('a', 'b', ['CLONE_FS', 'CLONE_FILES']));
  t.is(s.entry('b').fs, s.entry('a').fs);
  t.is(s.entry('b').files, s.entry('a').files);
});

test('FORK-5 CLONE_PIDFD is accepted, also with CLONE_THREAD', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b', ['CLONE_PIDFD']), clone('a', 'th', ['CLONE_PIDFD', 'CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']));
  t.is(s.entry('th').tgid, s.pidOf('a'));
});

test('FORK-6 a child is always in the caller\'s group and session', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'setpgid', actor: 'b', pid: 0, pgid: 0 }, clone('b', 'c'));
  t.deepEqual(s.entry('c').pgid, [s.pidOf('b')]);
  t.deepEqual(s.entry('c').sid, [s.pidOf('a')]);
});

test('FORK-7 new namespaces are owned by the new user ns of the same call', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'c', ['CLONE_NEWUSER', 'CLONE_NEWPID', 'CLONE_NEWUTS']));
  const c = s.task('c');
  t.is(c.activePidNs.owner, c.creds.userns);
  t.is(c.nsproxy!.uts.owner, c.creds.userns);
  t.is(c.creds.userns.parent, s.task('a').creds.userns);
});

test('FORK-7 CLONE_NEWNET without CAP_SYS_ADMIN -> EPERM; NEWUSER|NEWNET OK', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  err(t, s, clone('root', 'x', ['CLONE_NEWNET']), 'EPERM', 'FORK-7');
  ok(t, s, clone('root', 'y', ['CLONE_NEWUSER', 'CLONE_NEWNET']));
});

test('FORK-7 CLONE_NEWPID after unshare(NEWPID) -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] });
  err(t, s, clone('a', 'x', ['CLONE_NEWPID']), 'EINVAL', 'FORK-7');
});

test('FORK-7 a CLONE_VM child after unshare(NEWTIME) stays in the old time ns; a fork enters the new one', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWTIME'] }, clone('a', 'vm', ['CLONE_VM']), clone('a', 'f'));
  const a = s.task('a').nsproxy!;
  t.is(s.task('vm').nsproxy!.time, a.time);
  t.is(s.task('f').nsproxy!.time, a.timeForChildren);
  t.not(a.time, a.timeForChildren);
});

test('FORK-7 CLONE_NEWTIME on a kernel without time namespaces -> EINVAL', (t) => {
  const s = new Sim(profileForVersion('5.4'));
  err(t, s, clone('root', 'x', ['CLONE_NEWTIME']), 'EINVAL', 'FORK-0');
});

test('FORK-8 threads after unshare(NEWTIME) are allowed; execve enters time_for_children', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWTIME'] }, clone('a', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']));
  const before = s.task('a').nsproxy!;
  ok(t, s, { op: 'exit', actor: 'th', code: 0 }, { op: 'execve', actor: 'a' });
  t.is(s.task('a').nsproxy!.time, before.timeForChildren);
});

test('FORK-9 set_tid checks: 0 and pid_max EINVAL, pid_max-1 OK, in use EEXIST, too many levels EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('a', 'x', [], { setTid: [0] }), 'EINVAL', 'FORK-9');
  err(t, s, clone('a', 'x', [], { setTid: [4194304] }), 'EINVAL', 'FORK-9');
  ok(t, s, clone('a', 'big', [], { setTid: [4194303] }), clone('a', 'small', [], { setTid: [150] }));
  err(t, s, clone('a', 'x', [], { setTid: [s.pidOf('a')] }), 'EEXIST', 'FORK-9');
  err(t, s, clone('a', 'x', [], { setTid: [5, 6] }), 'EINVAL', 'FORK-9');
});

test('FORK-9 NEWPID set_tid: innermost must be 1 (no init yet); the inner level fails first', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, clone('a', 'x', ['CLONE_NEWPID'], { setTid: [5] }), 'EINVAL', 'FORK-9');
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID'], { setTid: [1] }));
  // [1 (in use in i's ns), a's pid] -> EEXIST at the inner level before the outer one
  ok(t, s, clone('a', 'j', ['CLONE_NEWUSER', 'CLONE_NEWPID'], { setTid: [1] }));
});

test('FORK-9 caps per level: root of a child userns may pick inner numbers only -> outer EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']));
  err(t, s, clone('u', 'x', ['CLONE_NEWPID'], { setTid: [1, 24000] }), 'EPERM', 'FORK-9');
  ok(t, s, clone('u', 'i', ['CLONE_NEWPID'], { setTid: [1] }));
  ok(t, s, clone('i', 'in', [], { setTid: [50] }));
  err(t, s, clone('i', 'x', [], { setTid: [51, 24001] }), 'EPERM', 'FORK-9');
  err(t, s, clone('i', 'x', [], { setTid: [1, 24001] }), 'EEXIST', 'FORK-9');
});

test('FORK-9 unprivileged: clone3(NEWUSER|NEWPID, [1]) OK as owner of the new userns; [1, 28000] EPERM', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  ok(t, s, clone('root', 'ok', ['CLONE_NEWUSER', 'CLONE_NEWPID'], { setTid: [1] }));
  err(t, s, clone('root', 'x', ['CLONE_NEWUSER', 'CLONE_NEWPID'], { setTid: [1, 28000] }), 'EPERM', 'FORK-9');
  err(t, s, clone('root', 'y', [], { setTid: [28001] }), 'EPERM', 'FORK-9');
});

test('FORK-9 set_tid for a thread picks the thread id', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'], { setTid: [27000] }));
  t.deepEqual(s.entry('th').pid, [27000]);
  t.is(s.entry('th').tgid, s.pidOf('a'));
});

test('FORK-9 legacy clone cannot carry set_tid -> EINVAL', (t) => {
  const s = new Sim();
  err(t, s, clone('root', 'x', [], { legacy: true, setTid: [50] }), 'EINVAL', 'FORK-9');
});

test('FORK-0 legacy clone with CLONE_NEWTIME: 0x80 lands in the exit signal, no time ns is created (real 6.18), child reaped only by a __WALL wait', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'sigchld-ignore', actor: 'a', value: true }, clone('a', 'c', ['CLONE_NEWTIME'], { legacy: true }));
  t.is(s.task('c').nsproxy!.timeForChildren, s.task('a').nsproxy!.timeForChildren);
  t.is(s.task('c').tg.exitSignal, 0x80 | 17);
  ok(t, s, { op: 'exit', actor: 'c', code: 0 });
  t.is(s.entry('c').state, 'zombie'); // not SIGCHLD: no auto-reap (EXIT-5)
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: -1 }), s.pidOf('c'));
});
