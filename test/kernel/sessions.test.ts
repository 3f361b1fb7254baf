import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';

test('SID-1/SID-2 setsid by a non-leader: sid = pgid = pid, returns the sid', (t) => {
  const s = new Sim();
  ok(t, s, clone('root', 'a'));
  t.is(ok(t, s, { op: 'setsid', actor: 'a' }), s.pidOf('a'));
  t.deepEqual(s.entry('a').sid, [s.pidOf('a')]);
  t.deepEqual(s.entry('a').pgid, [s.pidOf('a')]);
});

test('SID-1 setsid by a session leader -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'setsid', actor: 'a' }, 'EPERM', 'SID-1');
});

test('SID-1 setsid by a group leader -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 });
  err(t, s, { op: 'setsid', actor: 'g' }, 'EPERM', 'SID-1');
});

test('SID-1 setsid when a (zombie) member still has pgid = caller\'s pid -> EPERM; OK after reaping it', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 }, clone('g', 'm'));
  ok(t, s, { op: 'setpgid', actor: 'g', pid: 0, pgid: s.pidOf('a') }); // g leaves its own group, m stays
  err(t, s, { op: 'setsid', actor: 'g' }, 'EPERM', 'SID-1');
  ok(t, s, { op: 'exit', actor: 'm', code: 0 });
  err(t, s, { op: 'setsid', actor: 'g' }, 'EPERM', 'SID-1');
  ok(t, s, { op: 'wait', actor: 'g', pid: -1 }, { op: 'setsid', actor: 'g' });
});

test('SID-2 a pid-ns init whose group and session are outside can setsid; then sid 1 inside', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  t.is(s.task('i').tg.session.sid.nrIn(s.task('i').activePidNs), 0);
  t.is(ok(t, s, { op: 'setsid', actor: 'i' }), 1);
});

test('SID-3 the session outlives its leader and its number stays reserved', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'm'));
  const a = s.pidOf('a');
  ok(t, s, { op: 'exit', actor: 'a', code: 0 }, { op: 'wait', actor: 'root', pid: a });
  t.deepEqual(s.entry('m').sid, [a]);
  t.true(s.k.rootPidNs.pids.has(a));
});

test('PGID-1 pgid < 0 -> EINVAL; pid 0 and pgid 0 mean the caller', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'));
  err(t, s, { op: 'setpgid', actor: 'b', pid: 0, pgid: -1 }, 'EINVAL', 'PGID-1');
  ok(t, s, { op: 'setpgid', actor: 'b', pid: 0, pgid: 0 });
  t.deepEqual(s.entry('b').pgid, [s.pidOf('b')]);
});

test('PGID-2.1 nonexistent pid -> ESRCH', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'setpgid', actor: 'a', pid: 9999, pgid: 0 }, 'ESRCH', 'PGID-2.1');
});

test('PGID-2.2 a non-leader thread -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']));
  err(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('th'), pgid: 0 }, 'EINVAL', 'PGID-2.2');
});

test('PGID-2.3 child in another session -> EPERM (even with pgid = its own pid)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'setsid', actor: 'b' }, clone('a', 'c'));
  err(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('b'), pgid: s.pidOf('b') }, 'EPERM', 'PGID-2.3');
});

test('PGID-2.3 exec\'d child -> EACCES', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'execve', actor: 'b' });
  err(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('b'), pgid: 0 }, 'EACCES', 'PGID-2.3');
});

test('PGID-2.3 parent, grandchild, unrelated -> ESRCH', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('b', 'c'), clone('a', 'u'));
  err(t, s, { op: 'setpgid', actor: 'b', pid: s.pidOf('a'), pgid: 0 }, 'ESRCH', 'PGID-2.3');
  err(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('c'), pgid: 0 }, 'ESRCH', 'PGID-2.3');
  err(t, s, { op: 'setpgid', actor: 'b', pid: s.pidOf('u'), pgid: 0 }, 'ESRCH', 'PGID-2.3');
});

test('PGID-2.3 a child forked by a sibling thread counts as the caller\'s child', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']), clone('th', 'c'));
  ok(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('c'), pgid: 0 });
});

test('PGID-2.4 session-leader target -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'setpgid', actor: 'a', pid: 0, pgid: 0 }, 'EPERM', 'PGID-2.4');
});

test('PGID-2.5 nonexistent group, a pid that is not a group, a group of another session -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('a', 'c'), clone('root', 'o'), { op: 'setsid', actor: 'o' });
  err(t, s, { op: 'setpgid', actor: 'b', pid: 0, pgid: 7777 }, 'EPERM', 'PGID-2.5');
  err(t, s, { op: 'setpgid', actor: 'b', pid: 0, pgid: s.pidOf('c') }, 'EPERM', 'PGID-2.5');
  err(t, s, { op: 'setpgid', actor: 'b', pid: 0, pgid: s.pidOf('o') }, 'EPERM', 'PGID-2.5');
});

test('PGID-2.5 a group not visible in the caller\'s pid ns -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'm', [], { setTid: [5] }));
  // i's group is a's (outside i's ns): its number 2 names nothing inside
  t.is(s.pidOf('a'), 2);
  err(t, s, { op: 'setpgid', actor: 'm', pid: 0, pgid: 2 }, 'EPERM', 'PGID-2.5');
});

test('PGID-3 a zombie child can be moved; a leaderless group can be joined; setpgid(0,0) by a leader is a no-op', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 }, clone('g', 'm'), clone('a', 'z'));
  ok(t, s, { op: 'exit', actor: 'z', code: 1 });
  ok(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('z'), pgid: s.pidOf('g') });
  t.deepEqual(s.entry('z').pgid, [s.pidOf('g')]);
  const g = s.pidOf('g');
  ok(t, s, { op: 'exit', actor: 'g', code: 0 }, { op: 'wait', actor: 'a', pid: g });
  ok(t, s, clone('a', 'j'), { op: 'setpgid', actor: 'j', pid: 0, pgid: g });
  t.deepEqual(s.entry('j').pgid, [g]);
  ok(t, s, clone('a', 'l'), { op: 'setpgid', actor: 'l', pid: 0, pgid: 0 }, { op: 'setpgid', actor: 'l', pid: 0, pgid: 0 });
});

test('PGID-2 setpgid of a child that is a pid-ns init to its own group is OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  ok(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('i'), pgid: 0 });
  t.deepEqual(s.entry('i').pgid, [s.pidOf('i'), 1]);
});

test('PGID-4 getpgid/getsid translation: a group from outside the ns is written [0] relative to the ns', async (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  const { snapshot } = await import('../../kernel/snapshot.js');
  const img = snapshot(s.k, { base: s.task('i').activePidNs });
  t.deepEqual(img.tasks[0].pgid, [0]);
  t.deepEqual(img.tasks[0].pid, [1]);
});

test('PGID-5 setsid/setpgid send no signals: a stopped group stays stopped', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('a', 'c'), { op: 'stop', actor: 'c' }, { op: 'setpgid', actor: 'b', pid: 0, pgid: 0 });
  t.is(s.entry('c').state, 'stopped');
});
