import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';
import { diffImages } from '../../kernel/diff.js';

const THREAD = ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] as const;

test('EXIT-1 exit_group(code) -> zombie with that code; a fatal signal -> signal status', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('b', 'th', [...THREAD]), { op: 'exit', actor: 'th', code: 5, group: true });
  t.deepEqual(s.entry('b').exit, { code: 5 });
  t.is(s.image().tasks.filter((x) => x.comm === 'th').length, 0);
  ok(t, s, clone('a', 'k'), { op: 'exit', actor: 'k', signal: 9 });
  t.deepEqual(s.entry('k').exit, { signal: 9 });
});

test('EXIT-1 a leader that exits while a thread lives is "dead"; the zombie reports the last thread\'s code (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('b', 'th', [...THREAD]), { op: 'exit', actor: 'b', code: 3 });
  t.is(s.entry('b').state, 'dead');
  t.is(s.entry('b').nsproxy, null);
  ok(t, s, { op: 'exit', actor: 'th', code: 7 });
  t.is(s.entry('b').state, 'zombie');
  t.deepEqual(s.entry('b').exit, { code: 7 });
});

test('EXIT-2 orphans go to a live sibling thread first (ppid unchanged)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'th', [...THREAD]), clone('th', 'c'), { op: 'exit', actor: 'th', code: 0 });
  t.is(s.entry('c').ppid, s.pidOf('a'));
  t.is(s.task('c').tg.parent, s.task('a'));
});

test('EXIT-2 orphans go to the nearest subreaper, even one that set the flag after they were born', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'b'), clone('b', 'c'), { op: 'subreaper', actor: 'p', value: true }, { op: 'exit', actor: 'b', code: 0 });
  t.is(s.entry('c').ppid, s.pidOf('p'));
});

test('EXIT-2 without a subreaper orphans go to the ns init; an outer subreaper never adopts from a child pid ns', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'subreaper', actor: 'a', value: true }, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'k'), clone('k', 'g'));
  ok(t, s, { op: 'exit', actor: 'k', code: 0 });
  t.is(s.task('g').tg.parent, s.task('i'));
  ok(t, s, clone('root', 'b'), { op: 'setsid', actor: 'b' }, clone('b', 'c'), { op: 'exit', actor: 'b', code: 0 });
  t.is(s.entry('c').ppid, 0); // global init (ROOT_ACTOR)
});

test('EXIT-3 subreaper: set and clear; not inherited by fork; kept across execve', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'subreaper', actor: 'a', value: true }, clone('a', 'b'), { op: 'execve', actor: 'a' });
  t.true(s.entry('a').subreaper);
  t.false(s.entry('b').subreaper);
  ok(t, s, { op: 'subreaper', actor: 'a', value: false });
  t.false(s.entry('a').subreaper);
});

test('EXIT-4 a zombie keeps pid/pgid/sid, drops its namespaces; only ns/pid and ns/user resolve', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'z'), clone('a', 'j'), { op: 'exit', actor: 'z', code: 2 });
  const z = s.entry('z');
  t.is(z.state, 'zombie');
  t.is(z.nsproxy, null);
  t.deepEqual(z.sid, [s.pidOf('a')]);
  err(t, s, { op: 'setns', actor: 'j', target: 'z', file: 'uts' }, 'ENOENT', 'NSFD-1');
  ok(t, s, { op: 'setns', actor: 'j', target: 'z', file: 'pid' });
  err(t, s, { op: 'setns', actor: 'j', target: 'z', pidfd: true, nstypes: ['uts'] }, 'ESRCH', 'SETNS-2');
});

test('EXIT-6 wait(pid): a child of another thread of the group is reaped by pid; a grandchild, a thread\'s tid and a reaped pid are ECHILD; a live child blocks', (t) => {
  const s = new Sim();
  withSession(t, s);
  // a's thread th forks c (c's parent is th); a waits for c by pid (same thread group)
  ok(t, s, clone('a', 'th', [...THREAD]), clone('th', 'c'), clone('c', 'g'), clone('a', 'live'));
  for (let i = 0; i < 20; i++) ok(t, s, clone('a', `x${i}`)); // more children to look past
  const c = s.pidOf('c');
  err(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('g') }, 'ECHILD', 'EXIT-6'); // grandchild
  err(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('th') }, 'ECHILD', 'EXIT-6'); // its own thread
  ok(t, s, clone('a', 'm'), clone('m', 'mt', [...THREAD]));
  err(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('mt') }, 'ECHILD', 'EXIT-6'); // a child's non-leader thread names no child
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('live'), nohang: true }), 0);
  err(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('live') }, 'EAGAIN', 'EXIT-6.blocks');
  ok(t, s, { op: 'exit', actor: 'c', code: 4, group: true });
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: c }), c);
  err(t, s, { op: 'wait', actor: 'a', pid: c }, 'ECHILD', 'EXIT-6'); // already reaped
  t.false(s.image().tasks.some((x) => x.comm === 'c'));
});

test('EXIT-5 a parent ignoring SIGCHLD auto-reaps; wait then fails ECHILD', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'sigchld-ignore', actor: 'a', value: true }, clone('a', 'c'));
  const c = s.pidOf('c');
  ok(t, s, { op: 'exit', actor: 'c', code: 0 });
  t.false(s.k.rootPidNs.pids.has(c));
  err(t, s, { op: 'wait', actor: 'a', pid: -1 }, 'ECHILD', 'EXIT-6');
});

test('EXIT-5 a child whose exit signal is not SIGCHLD stays a zombie under SIG_IGN', (t) => {
  const s = new Sim();
  withSession(t, s);
  // SIGWINCH: its default action is to ignore, so the parent survives the notification
  ok(t, s, { op: 'sigchld-ignore', actor: 'a', value: true }, clone('a', 'c', [], { exitSignal: 28 }), { op: 'exit', actor: 'c', code: 0 });
  t.is(s.entry('c').state, 'zombie');
  t.is(s.entry('c').ppid, s.pidOf('a'));
});

test('EXIT-6 wait: non-child ECHILD, WNOHANG with live children 0, reaps a zombie and returns its pid', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('root', 'o'));
  err(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('o') }, 'ECHILD', 'EXIT-6');
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: -1, nohang: true }), 0);
  err(t, s, { op: 'wait', actor: 'a', pid: -1 }, 'EAGAIN', 'EXIT-6.blocks');
  const b = s.pidOf('b');
  ok(t, s, { op: 'exit', actor: 'b', code: 0 });
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: -1 }), b);
});

test('EXIT-7 an orphaned group with a stopped member gets SIGHUP+SIGCONT: members die of SIGHUP', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'c'), { op: 'setpgid', actor: 'c', pid: 0, pgid: 0 }, clone('c', 'd'), { op: 'stop', actor: 'd' });
  ok(t, s, { op: 'exit', actor: 'p', code: 0 });
  // c and d now have parent root (global init) -> the group is orphaned and has a stopped member
  t.is(s.entry('d').state, 'zombie');
  t.deepEqual(s.entry('d').exit, { signal: 1 });
  t.deepEqual(s.entry('c').exit, { signal: 1 });
});

test('EXIT-7 a group that is not orphaned keeps its stopped member', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'c'), { op: 'setpgid', actor: 'c', pid: 0, pgid: 0 }, clone('c', 'd'), { op: 'stop', actor: 'd' }, clone('c', 'e'));
  ok(t, s, { op: 'exit', actor: 'e', code: 0 });
  t.is(s.entry('d').state, 'stopped');
});

test('EXIT-8 init exit kills every task with a number in the ns, including nested namespaces', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'm'), clone('m', 'j', ['CLONE_NEWPID']), clone('j', 'n'));
  ok(t, s, { op: 'exit', actor: 'i', code: 4 });
  const names = s.image().tasks.map((x) => x.comm);
  t.deepEqual(names.sort(), ['a', 'i']);
  t.deepEqual(s.entry('i').exit, { code: 4 });
});

test('EXIT-8 init waits for members parented outside the ns; it becomes a zombie once they are reaped', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('a', 'o'), { op: 'setns', actor: 'o', target: 'i', file: 'pid' }, clone('o', 'q'));
  ok(t, s, { op: 'exit', actor: 'i', code: 0 });
  t.is(s.entry('q').state, 'zombie');
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('i'), nohang: true }), 0);
  ok(t, s, { op: 'wait', actor: 'o', pid: -1 });
  t.is(s.entry('i').state, 'zombie');
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('i') }), s.pidOf('i'));
});

test('EXIT-8 the global init cannot exit', (t) => {
  const s = new Sim();
  err(t, s, { op: 'exit', actor: 'root', code: 0 }, 'EPERM', 'EXIT-8');
});

test('EXIT-9 a pid-ns init ignores its own fatal signal and stop', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), { op: 'exit', actor: 'i', signal: 9 }, { op: 'stop', actor: 'i' });
  t.is(s.entry('i').state, 'running');
});

test('EXIT-9 SIGSTOP to a pid-ns init from an ancestor ns stops it; from inside its ns, or a tty stop, it is dropped', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'c'));
  // from inside the init's pid ns: kill returns 0, the init keeps running
  ok(t, s, { op: 'stop', actor: 'c', target: 'i' });
  t.is(s.entry('i').state, 'running');
  // a tty stop signal from the ancestor ns: only SIGKILL and SIGSTOP are forced through
  ok(t, s, { op: 'stop', actor: 'a', target: 'i', signal: 20 });
  t.is(s.entry('i').state, 'running');
  // SIGSTOP from the ancestor ns (a, which has no number in the init's ns) is delivered
  ok(t, s, { op: 'stop', actor: 'a', target: 'i' });
  t.is(s.entry('i').state, 'stopped');
  t.is(s.entry('c').state, 'running');
  // a task outside the sender's pid ns is not visible to it; an ordinary process stops by another's SIGSTOP
  ok(t, s, clone('a', 'b'));
  err(t, s, { op: 'stop', actor: 'c', target: 'b' }, 'ESRCH', 'EXIT-9');
  ok(t, s, { op: 'stop', actor: 'a', target: 'c' });
  t.is(s.entry('c').state, 'stopped');
});

test('EXIT-1 execve by a non-leader thread: it takes over the leader\'s pid, the other threads die (de_thread)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'th', [...THREAD]), clone('p', 'th2', [...THREAD]));
  const p = s.pidOf('p');
  const th = s.pidOf('th');
  ok(t, s, { op: 'execve', actor: 'th' });
  const img = s.image();
  const mine = img.tasks.filter((x) => x.tgid === p);
  t.deepEqual(mine.map((x) => [x.pid[0], x.comm]), [[p, 'th']]);
  t.false(s.k.rootPidNs.pids.has(th));
  t.true(mine[0].execed);
});

test('EXIT-5 a zombie reparented to a parent that ignores SIGCHLD is released at once', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'subreaper', actor: 'a', value: true }, { op: 'sigchld-ignore', actor: 'a', value: true });
  // fork copies SIG_IGN: p must restore the default to keep its zombie child
  ok(t, s, clone('a', 'p'), { op: 'sigchld-ignore', actor: 'p', value: false }, clone('p', 'z'), { op: 'exit', actor: 'z', code: 0 });
  const z = s.pidOf('z');
  t.true(s.k.rootPidNs.pids.has(z));
  ok(t, s, { op: 'exit', actor: 'p', code: 0 });
  t.false(s.k.rootPidNs.pids.has(z));
});

test('EXIT-3 setting the subreaper flag marks descendants, but not below a pid-ns init', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('b', 'i', ['CLONE_NEWPID']), clone('i', 'x'), { op: 'subreaper', actor: 'a', value: true });
  t.true(s.task('b').tg.hasChildSubreaper);
  t.false(s.task('i').tg.hasChildSubreaper);
  t.false(s.task('x').tg.hasChildSubreaper);
});

test('EXIT-7 tty stop signals are discarded in an orphaned group; SIGSTOP is not', (t) => {
  const s = new Sim();
  withSession(t, s);
  // c leads its own group whose only outside link would be its parent root: orphaned
  ok(t, s, clone('root', 'c'), { op: 'setsid', actor: 'c' }, clone('c', 'd'), clone('c', 'e'));
  ok(t, s, { op: 'stop', actor: 'd', signal: 20 });
  t.is(s.entry('d').state, 'running');
  ok(t, s, { op: 'stop', actor: 'e', signal: 19 });
  t.is(s.entry('e').state, 'stopped');
});

test('EXIT-1 a child\'s exit signal reaches the parent with its default action: SIGUSR1 kills the parent (real 6.18), a pid-ns init ignores it', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'c', [], { exitSignal: 10 }), { op: 'exit', actor: 'c', code: 0 });
  t.is(s.entry('p').state, 'zombie');
  t.deepEqual(s.entry('p').exit, { signal: 10 });
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'd', [], { exitSignal: 10 }), { op: 'exit', actor: 'd', code: 0 });
  t.is(s.entry('i').state, 'running');
  t.is(s.entry('d').state, 'zombie');
});

test('EXIT-1 after execve a child notifies its parent with SIGCHLD: its SIGUSR1 exit signal no longer kills the parent (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'c', [], { exitSignal: 10 }), { op: 'execve', actor: 'c' }, { op: 'exit', actor: 'c', code: 0 });
  t.is(s.entry('p').state, 'running');
  t.is(s.entry('c').state, 'zombie');
});

test('EXIT-1 execve regains capabilities as mapped root, but not while the fs_struct is shared with another process (LSM_UNSAFE_SHARE, real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']), { op: 'execve', actor: 'u' });
  t.false(s.task('u').creds.caps); // exec'd as unmapped uid: no caps
  ok(t, s, { op: 'write-idmap', actor: 'a', target: 'u', uidMap: [{ inside: 0, outside: 0, count: 65536 }], gidMap: [{ inside: 0, outside: 0, count: 65536 }] });
  ok(t, s, clone('u', 'v'), clone('u', 'w'), clone('w', 'x', ['CLONE_FS']));
  ok(t, s, { op: 'execve', actor: 'v' }, { op: 'execve', actor: 'w' });
  t.true(s.task('v').creds.caps);
  t.false(s.task('w').creds.caps);
  err(t, s, clone('w', 'y', ['CLONE_NEWPID']), 'EPERM', 'FORK-7');
});

test('EXIT-8 an init in a group whose dead leader\'s pid lives in its own ns waits forever (the pid stays allocated through the init\'s own pgid; real 6.18 hangs)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'g'), { op: 'setpgid', actor: 'g', pid: 0, pgid: 0 });
  ok(t, s, { op: 'setpgid', actor: 'i', pid: 0, pgid: 2 }); // the init joins group 2 (g's)
  ok(t, s, { op: 'exit', actor: 'g', code: 0 }, { op: 'wait', actor: 'i', pid: -1 });
  ok(t, s, { op: 'exit', actor: 'i', code: 0 });
  t.is(s.task('i').tg.state, 'zapwait');
  t.is(ok(t, s, { op: 'wait', actor: 'a', pid: s.pidOf('i'), nohang: true }), 0);
  t.true(s.task('i').activePidNs.pids.has(2));
});

test('EXIT-1 death by a signal with core: wait status has the core flag 0x80, the snapshot says core, diff compares it', async (t) => {
  const { diffImages } = await import('../../kernel/diff.js');
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'segv'), clone('a', 'plain'), clone('segv', 'th', [...THREAD]));
  ok(t, s, { op: 'exit', actor: 'segv', signal: 11, core: true, group: true }, { op: 'exit', actor: 'plain', signal: 11 });
  t.is(s.task('segv').tg.waitStatus, 11 | 0x80);
  t.is(s.task('plain').tg.waitStatus, 11);
  t.deepEqual(s.entry('segv').exit, { signal: 11, core: true });
  t.deepEqual(s.entry('plain').exit, { signal: 11 });
  // core is only a signal's: exit(code) ignores a stray flag
  ok(t, s, clone('a', 'coded'), { op: 'exit', actor: 'coded', code: 4, core: true });
  t.deepEqual(s.entry('coded').exit, { code: 4 });
  // the differ sees a core flag that should be there and is not
  const want = s.image();
  const got = structuredClone(want);
  const segv = got.tasks.find((x) => x.pid[0] === s.entry('segv').pid[0])!;
  segv.exit = { signal: 11 };
  t.true(diffImages(want, got).some((d) => /exit status/.test(d.message)));
  t.deepEqual(diffImages(want, structuredClone(want)), []);
  // and one that should not be there
  const plain = got.tasks.find((x) => x.pid[0] === s.entry('plain').pid[0])!;
  segv.exit = { signal: 11, core: true };
  plain.exit = { signal: 11, core: true };
  t.deepEqual(diffImages(want, got).map((d) => d.task), [s.entry('plain').pid[0]]);
});
