/** The surprising cases issue 3 asks to pin down, each against the rule that explains it. */
import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';

test('SID-1 setsid by a process group leader -> EPERM (even though it leads no session)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 });
  t.false(s.task('g').tg.sessionLeader);
  err(t, s, { op: 'setsid', actor: 'g' }, 'EPERM', 'SID-1');
});

test('PGID-2.5 setpgid to a group of another session -> EPERM, though the group exists and is visible', (t) => {
  const s = new Sim();
  withSession(t, s, 'a');
  withSession(t, s, 'b');
  ok(t, s, clone('a', 'x'));
  err(t, s, { op: 'setpgid', actor: 'x', pid: 0, pgid: s.pidOf('b') }, 'EPERM', 'PGID-2.5');
});

test('PGID-2.3 setpgid on a child after its execve -> EACCES, though the same call before execve works', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'c'));
  ok(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('c'), pgid: 0 });
  ok(t, s, { op: 'execve', actor: 'c' });
  err(t, s, { op: 'setpgid', actor: 'a', pid: s.pidOf('c'), pgid: s.pidOf('a') }, 'EACCES', 'PGID-2.3');
  ok(t, s, { op: 'setpgid', actor: 'c', pid: 0, pgid: 0 }); // the child itself still may
});

test('FORK-3 CLONE_PARENT from a pid-namespace init -> EINVAL (also from any thread of it)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'th', ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM']));
  err(t, s, clone('i', 'x', ['CLONE_PARENT']), 'EINVAL', 'FORK-3');
  err(t, s, clone('th', 'y', ['CLONE_PARENT']), 'EINVAL', 'FORK-3');
});

test('UNSH-5 unshare(CLONE_NEWPID) twice -> EINVAL, before and after the first child', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] });
  err(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, 'EINVAL', 'UNSH-5');
  ok(t, s, clone('a', 'init'));
  err(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, 'EINVAL', 'UNSH-5');
});

test('PID-7 forking into a namespace whose init died -> ENOMEM, even though the unsharer is alive', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, clone('a', 'init'), clone('a', 'second'));
  ok(t, s, { op: 'exit', actor: 'init', code: 0 });
  t.is(s.entry('second').state, 'zombie'); // killed by the init's exit (EXIT-8), parent a
  err(t, s, clone('a', 'third'), 'ENOMEM', 'PID-7');
});

test('PID-3 a reaped session leader\'s id stays reserved: no automatic allocation, set_tid EEXIST, setsid impossible for anyone else', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'm'));
  const a = s.pidOf('a');
  ok(t, s, { op: 'exit', actor: 'a', code: 0 }, { op: 'wait', actor: 'root', pid: a });
  ok(t, s, { op: 'write-ns-last-pid', actor: 'root', value: a - 1 });
  t.not(ok(t, s, clone('root', 'n')), a);
  err(t, s, clone('root', 'x', [], { setTid: [a] }), 'EEXIST', 'FORK-9');
  t.deepEqual(s.entry('m').sid, [a]);
  ok(t, s, { op: 'exit', actor: 'm', code: 0 }, { op: 'wait', actor: 'root', pid: s.pidOf('m') });
  ok(t, s, clone('root', 'y', [], { setTid: [a] }));
});
