import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';
import { nsCapable } from '../../kernel/userns.js';
import { DEFAULT_PROFILE, profileForVersion, withoutFeatures } from '../../kernel/profile.js';

const THREAD = ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] as const;

test('UNSH-1 NEWNS implies FS: a shared fs_struct is copied, not refused', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b', ['CLONE_FS']), { op: 'unshare', actor: 'b', flags: ['CLONE_NEWNS'] });
  t.not(s.entry('b').fs, s.entry('a').fs);
});

test('UNSH-2 CLONE_PARENT -> EINVAL; multithreaded NEWUSER/THREAD/VM/SIGHAND -> EINVAL; multithreaded NEWNS/NEWPID OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_PARENT'] }, 'EINVAL', 'UNSH-2');
  ok(t, s, clone('a', 'th', [...THREAD]));
  for (const f of ['CLONE_NEWUSER', 'CLONE_THREAD', 'CLONE_VM', 'CLONE_SIGHAND'] as const) {
    err(t, s, { op: 'unshare', actor: 'a', flags: [f] }, 'EINVAL', 'UNSH-2');
  }
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWNS'] }, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] });
});

test('UNSH-2 single-threaded unshare(THREAD|VM) is a no-op success', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_THREAD', 'CLONE_VM'] });
});

test('UNSH-3 NEWUSER: full caps in the new ns, none outside; nested userns without maps -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUSER'] });
  err(t, s, { op: 'sethostname', actor: 'b', hostname: 'x' }, 'EPERM', 'UTS-1');
  ok(t, s, { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUTS'] }, { op: 'sethostname', actor: 'b', hostname: 'x' });
  // b's euid (0) is unmapped in its new user ns: it cannot create another one
  err(t, s, { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUSER'] }, 'EPERM', 'UNSH-3');
  ok(t, s, { op: 'write-idmap', actor: 'a', target: 'b', uidMap: [{ inside: 0, outside: 0, count: 1 }], gidMap: [{ inside: 0, outside: 0, count: 1 }] });
  ok(t, s, { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUSER'] });
});

test('UNSH-4 other namespaces need CAP_SYS_ADMIN -> EPERM; unshare(NEWUSER|NEWUTS) OK without it', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  err(t, s, { op: 'unshare', actor: 'root', flags: ['CLONE_NEWUTS'] }, 'EPERM', 'UNSH-4');
  ok(t, s, clone('root', 'b'), { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUSER', 'CLONE_NEWUTS'] });
  t.is(s.task('b').nsproxy!.uts.owner, s.task('b').creds.userns);
});

test('UNSH-5 NEWPID: own pid unchanged, pid_for_children unreadable until init, second unshare EINVAL, first child is init', (t) => {
  const s = new Sim();
  withSession(t, s);
  const before = s.entry('a').pid;
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, clone('root', 'o'));
  t.deepEqual(s.entry('a').pid, before);
  err(t, s, { op: 'setns', actor: 'o', target: 'a', file: 'pid_for_children' }, 'ENOENT', 'NSFD-1');
  err(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, 'EINVAL', 'UNSH-5');
  ok(t, s, clone('a', 'init'));
  t.is(s.pidOf('init', 'init'), 1);
  ok(t, s, { op: 'setns', actor: 'o', target: 'a', file: 'pid_for_children' });
});

test('UNSH-6 NEWTIME: children only; offsets writable until a task enters, then EACCES; the boot ns is frozen', (t) => {
  const s = new Sim();
  withSession(t, s);
  err(t, s, { op: 'write-timens-offsets', actor: 'a', monotonic: 1, boottime: 1 }, 'EACCES', 'UNSH-6');
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWTIME'] }, { op: 'write-timens-offsets', actor: 'a', monotonic: 5e9, boottime: 7e9 });
  t.is(s.task('a').nsproxy!.time, s.k.init.nsproxy!.time);
  ok(t, s, clone('a', 'c'));
  err(t, s, { op: 'write-timens-offsets', actor: 'a', monotonic: 1, boottime: 1 }, 'EACCES', 'UNSH-6');
  t.is(s.task('c').nsproxy!.time.monotonic, 5e9);
});

test('UNSH-6 offsets need CAP_SYS_TIME in the time ns owner -> EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWTIME'] }, clone('a', 'u', ['CLONE_NEWUSER']));
  err(t, s, { op: 'write-timens-offsets', actor: 'u', monotonic: 1, boottime: 1 }, 'EPERM', 'UNSH-6');
});

test('SETNS-1 pidfd with no types -> EINVAL; pidfd without kernel support -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'));
  err(t, s, { op: 'setns', actor: 'a', target: 'b', pidfd: true, nstypes: [] }, 'EINVAL', 'SETNS-1');
  const old = new Sim(withoutFeatures(DEFAULT_PROFILE, ['pidfd-setns']));
  ok(t, old, clone('root', 'b'));
  err(t, old, { op: 'setns', actor: 'root', target: 'b', pidfd: true, nstypes: ['uts'] }, 'EINVAL', 'SETNS-1');
});

test('SETNS-2 pidfd joins several namespaces at once; same user ns -> EINVAL; zombie -> ESRCH', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID', 'CLONE_NEWUTS']), clone('a', 'j'));
  ok(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['pid', 'uts'] });
  t.is(s.task('j').nsproxy!.uts, s.task('i').nsproxy!.uts);
  t.is(s.task('j').nsproxy!.pidForChildren, s.task('i').activePidNs);
  err(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['user'] }, 'EINVAL', 'SETNS-4');
});

test('SETNS-2 pidfd is all-or-nothing: a failing later type leaves earlier ones unjoined', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWUTS', 'CLONE_NEWTIME']), clone('a', 'j'), clone('j', 'jt', [...THREAD]));
  const uts = s.task('j').nsproxy!.uts;
  err(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['uts', 'time'] }, 'EUSERS', 'SETNS-6');
  t.is(s.task('j').nsproxy!.uts, uts);
  ok(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['uts'] });
  t.is(s.task('j').nsproxy!.uts, s.task('i').nsproxy!.uts);
});

test('SETNS-3 a shared fs_struct blocks setns(pidfd, CLONE_NEWNS) alone but not CLONE_NEWNS with another type (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWUTS', 'CLONE_NEWNS']), clone('a', 'j', ['CLONE_FS']));
  err(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['mnt'] }, 'EINVAL', 'SETNS-3');
  ok(t, s, { op: 'setns', actor: 'j', target: 'i', pidfd: true, nstypes: ['uts', 'mnt'] });
  t.is(s.task('j').nsproxy!.mnt, s.task('i').nsproxy!.mnt);
  err(t, s, { op: 'setns', actor: 'j', target: 'a', file: 'mnt' }, 'EINVAL', 'SETNS-3');
});

test('SETNS-3 mnt with a shared fs_struct (CLONE_FS child, or threads) -> EINVAL; without caps in the caller\'s own user ns EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'm', ['CLONE_NEWNS']), clone('a', 'f', ['CLONE_FS']));
  err(t, s, { op: 'setns', actor: 'f', target: 'm', file: 'mnt' }, 'EINVAL', 'SETNS-3');
  ok(t, s, clone('a', 'g'), { op: 'setns', actor: 'g', target: 'm', file: 'mnt' });
  // unprivileged: caps in the owner (its own new user ns) but none in the caller's user ns
  const u = new Sim(profileForVersion('6.18', false));
  ok(t, u, clone('root', 'mu', ['CLONE_NEWUSER', 'CLONE_NEWNS']));
  err(t, u, { op: 'setns', actor: 'root', target: 'mu', file: 'mnt' }, 'EPERM', 'SETNS-3');
});

test('SETNS-4 user: same ns EINVAL; multithreaded EINVAL; shared fs EINVAL; root into a child user ns OK', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u1', ['CLONE_NEWUSER']), clone('a', 'u2', ['CLONE_NEWUSER']));
  err(t, s, { op: 'setns', actor: 'a', target: 'root', file: 'user' }, 'EINVAL', 'SETNS-4');
  ok(t, s, clone('a', 'fs', ['CLONE_FS']));
  err(t, s, { op: 'setns', actor: 'fs', target: 'u1', file: 'user' }, 'EINVAL', 'SETNS-4');
  ok(t, s, clone('a', 'th', [...THREAD]));
  err(t, s, { op: 'setns', actor: 'a', target: 'u1', file: 'user' }, 'EINVAL', 'SETNS-4');
  ok(t, s, clone('root', 'r'), { op: 'setns', actor: 'r', target: 'u1', file: 'user' });
  t.is(s.task('r').creds.userns, s.task('u1').creds.userns);
  // from inside a user ns towards a sibling: no ptrace access to its tasks at all
  err(t, s, { op: 'setns', actor: 'u1', target: 'u2', file: 'user' }, 'EACCES', 'NSFD-1');
  err(t, s, { op: 'setns', actor: 'u1', target: 'u2', pidfd: true, nstypes: ['user'] }, 'EPERM', 'SETNS-2');
});

test('SETNS-5 pid: own ns or descendants only (ancestor, sibling EINVAL); from a child userns into the host ns EPERM', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'A', ['CLONE_NEWPID']), clone('A', 'B', ['CLONE_NEWPID']), clone('a', 'S', ['CLONE_NEWPID']));
  err(t, s, { op: 'setns', actor: 'A', target: 'a', file: 'pid' }, 'EINVAL', 'SETNS-5');
  err(t, s, { op: 'setns', actor: 'A', target: 'S', file: 'pid' }, 'EINVAL', 'SETNS-5');
  ok(t, s, { op: 'setns', actor: 'A', target: 'B', file: 'pid' }, { op: 'setns', actor: 'A', target: 'A', file: 'pid' });
  ok(t, s, { op: 'setns', actor: 'a', target: 'B', file: 'pid' });
  // unprivileged: caps in the pid ns's owner (its own user ns) but not in its own user ns
  const u = new Sim(profileForVersion('6.18', false));
  ok(t, u, clone('root', 'pu', ['CLONE_NEWUSER', 'CLONE_NEWPID']));
  err(t, u, { op: 'setns', actor: 'root', target: 'pu', file: 'pid' }, 'EPERM', 'SETNS-5');
});

test('SETNS-5 after setns into another pid ns: threads and NEWPID -> EINVAL until back in the own ns; the child\'s parent stays the caller', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), { op: 'setns', actor: 'a', target: 'i', file: 'pid' });
  err(t, s, clone('a', 'th', [...THREAD]), 'EINVAL', 'FORK-2');
  err(t, s, clone('a', 'x', ['CLONE_NEWPID']), 'EINVAL', 'FORK-7');
  ok(t, s, clone('a', 'c'));
  t.is(s.task('c').tg.parent, s.task('a'));
  t.is(s.task('c').activePidNs, s.task('i').activePidNs);
  ok(t, s, { op: 'setns', actor: 'a', target: 'a', file: 'pid' }, clone('a', 'th2', [...THREAD]));
});

test('SETNS-6 time: multithreaded -> EUSERS (even for its own ns); without caps EPERM; joining switches both slots', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'tn', ['CLONE_NEWTIME']), clone('a', 'th', [...THREAD]));
  err(t, s, { op: 'setns', actor: 'a', target: 'a', file: 'time' }, 'EUSERS', 'SETNS-6');
  ok(t, s, clone('root', 'j'), { op: 'setns', actor: 'j', target: 'tn', file: 'time' });
  const u = new Sim(profileForVersion('6.18', false));
  ok(t, u, clone('root', 'tu', ['CLONE_NEWUSER', 'CLONE_NEWTIME']));
  err(t, u, { op: 'setns', actor: 'root', target: 'tu', file: 'time_for_children' }, 'EPERM', 'SETNS-6');
  t.is(s.task('j').nsproxy!.time, s.task('tn').nsproxy!.time);
  t.is(s.task('j').nsproxy!.timeForChildren, s.task('tn').nsproxy!.time);
});

test('SETNS-7 uts/ipc/net/cgroup: EPERM without CAP_SYS_ADMIN; allowed while multithreaded; own cgroup ns is a no-op', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'n', ['CLONE_NEWNET', 'CLONE_NEWIPC', 'CLONE_NEWUTS']), clone('a', 'u', ['CLONE_NEWUSER', 'CLONE_NEWCGROUP']));
  ok(t, s, { op: 'setns', actor: 'u', target: 'u', file: 'cgroup' });
  const up = new Sim(profileForVersion('6.18', false));
  ok(t, up, clone('root', 'nu', ['CLONE_NEWUSER', 'CLONE_NEWNET']));
  err(t, up, { op: 'setns', actor: 'root', target: 'nu', file: 'net' }, 'EPERM', 'SETNS-7');
  ok(t, s, clone('a', 'th', [...THREAD]), { op: 'setns', actor: 'a', target: 'n', file: 'net' }, { op: 'setns', actor: 'a', target: 'n', file: 'ipc' });
  t.is(s.task('a').nsproxy!.net, s.task('n').nsproxy!.net);
  t.not(s.task('th').nsproxy!.net, s.task('n').nsproxy!.net); // per-thread nsproxy (e18)
});

test('OWN-1 the owner is the creator\'s user ns at creation and never changes', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']), { op: 'unshare', actor: 'u', flags: ['CLONE_NEWUTS'] });
  const uts = s.task('u').nsproxy!.uts;
  t.is(uts.owner, s.task('u').creds.userns);
  ok(t, s, clone('root', 'r'), { op: 'setns', actor: 'r', target: 'u', file: 'uts' });
  t.is(s.task('r').nsproxy!.uts.owner, s.task('u').creds.userns);
});

test('OWN-2 uid 1000 owns its new user ns: caps there and below, none in the root ns', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  err(t, s, { op: 'sethostname', actor: 'root', hostname: 'x' }, 'EPERM', 'UTS-1');
  ok(t, s, clone('root', 'u', ['CLONE_NEWUSER', 'CLONE_NEWUTS']));
  ok(t, s, { op: 'sethostname', actor: 'u', hostname: 'mine' });
  // root (uid 1000, no caps) holds every cap in the user ns it created, none in its own ns:
  t.true(nsCapable(s.k.init.creds, s.task('u').creds.userns));
  t.false(nsCapable(s.k.init.creds, s.k.rootUserNs));
  // so setns into u's uts ns still fails: it also needs CAP_SYS_ADMIN in the caller's user ns
  err(t, s, { op: 'setns', actor: 'root', target: 'u', file: 'uts' }, 'EPERM', 'SETNS-7');
});

test('OWN-3 creating a non-user namespace needs CAP_SYS_ADMIN in the owner-to-be', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  err(t, s, clone('root', 'x', ['CLONE_NEWIPC']), 'EPERM', 'FORK-7');
  ok(t, s, clone('root', 'y', ['CLONE_NEWUSER', 'CLONE_NEWIPC']));
});

test('OWN-4 pid ns depth: level 32 OK, level 33 -> ENOSPC', (t) => {
  const s = new Sim();
  withSession(t, s);
  let prev = 'a';
  for (let i = 1; i <= 32; i++) {
    ok(t, s, clone(prev, `p${i}`, ['CLONE_NEWPID']));
    prev = `p${i}`;
  }
  t.is(s.task('p32').activePidNs.level, 32);
  err(t, s, clone('p32', 'x', ['CLONE_NEWPID']), 'ENOSPC', 'OWN-4');
  err(t, s, { op: 'unshare', actor: 'p32', flags: ['CLONE_NEWPID'] }, 'ENOSPC', 'OWN-4');
});

test('OWN-4 user ns depth: 33 nested levels OK, the 34th -> ENOSPC', (t) => {
  const s = new Sim();
  withSession(t, s);
  for (let i = 1; i <= 33; i++) {
    ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWUSER'] });
    ok(t, s, { op: 'write-idmap', actor: 'a', target: 'a', uidMap: [{ inside: 0, outside: 0, count: 1 }], gidMap: [{ inside: 0, outside: 0, count: 1 }] });
  }
  t.is(s.task('a').creds.userns.level, 33);
  err(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWUSER'] }, 'ENOSPC', 'OWN-4');
});

test('OWN-5 a pid ns cannot be created from a user ns that does not own the parent pid ns -> EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u1', ['CLONE_NEWUSER', 'CLONE_NEWPID']), clone('a', 'u2', ['CLONE_NEWUSER']));
  // r joins u1's pid ns as pid_for_children, then u2's user ns (unrelated to u1's)
  ok(t, s, clone('root', 'r'), { op: 'setns', actor: 'r', target: 'u1', file: 'pid' }, { op: 'setns', actor: 'r', target: 'u2', file: 'user' });
  err(t, s, clone('r', 'x', ['CLONE_NEWPID']), 'EINVAL', 'FORK-7');
});

test('OWN-6 id maps: written once (EPERM after), only from the ns or its parent, bad maps EINVAL', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']), clone('a', 'v', ['CLONE_NEWUSER']));
  const m = [{ inside: 0, outside: 0, count: 1000 }];
  err(t, s, { op: 'write-idmap', actor: 'v', target: 'u', uidMap: m, gidMap: m }, 'EPERM', 'OWN-6');
  err(t, s, { op: 'write-idmap', actor: 'a', target: 'u', uidMap: [{ inside: 0, outside: 0, count: 0 }], gidMap: m }, 'EINVAL', 'OWN-6');
  ok(t, s, { op: 'write-idmap', actor: 'a', target: 'u', uidMap: m, gidMap: m });
  err(t, s, { op: 'write-idmap', actor: 'a', target: 'u', uidMap: m, gidMap: m }, 'EPERM', 'OWN-6');
  t.deepEqual(s.task('u').creds.userns.uidMap, m);
});

test('OWN-6 unprivileged owner may write only the single self-mapping', (t) => {
  const s = new Sim(profileForVersion('6.18', false));
  ok(t, s, clone('root', 'u', ['CLONE_NEWUSER']), clone('root', 'v', ['CLONE_NEWUSER']));
  // mapping the parent's uid 0 is refused first for want of CAP_SETFCAP (verify_root_map)
  err(t, s, { op: 'write-idmap', actor: 'root', target: 'u', uidMap: [{ inside: 0, outside: 0, count: 1 }], gidMap: [{ inside: 0, outside: 0, count: 1 }] }, 'EPERM', 'OWN-6.root');
  err(t, s, { op: 'write-idmap', actor: 'root', target: 'u', uidMap: [{ inside: 0, outside: 5, count: 1 }], gidMap: [{ inside: 0, outside: 5, count: 1 }] }, 'EPERM', 'OWN-6');
  ok(t, s, { op: 'write-idmap', actor: 'root', target: 'v', uidMap: [{ inside: 0, outside: 1000, count: 1 }], gidMap: [{ inside: 0, outside: 1000, count: 1 }] });
});

test('NSFD-1 ns files: reaped target -> ENOENT; zombie resolves pid and user only', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'z'), { op: 'exit', actor: 'z', code: 0 });
  ok(t, s, { op: 'setns', actor: 'root', target: 'z', file: 'pid' });
  err(t, s, { op: 'setns', actor: 'root', target: 'z', file: 'net' }, 'ENOENT', 'NSFD-1');
  ok(t, s, { op: 'wait', actor: 'a', pid: -1 });
  err(t, s, { op: 'setns', actor: 'root', target: 'z', file: 'pid' }, 'ENOENT', 'NSFD-1');
});

test('NSFD-2 a pid ns stays reachable (and dead) after its init is reaped, through a member\'s pid_for_children', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, { op: 'unshare', actor: 'a', flags: ['CLONE_NEWPID'] }, clone('a', 'i'), { op: 'exit', actor: 'i', code: 0 }, { op: 'wait', actor: 'a', pid: -1 });
  ok(t, s, clone('root', 'o'), { op: 'setns', actor: 'o', target: 'a', file: 'pid_for_children' });
  err(t, s, clone('o', 'x'), 'ENOMEM', 'PID-7');
});

test('NSFD-3 pidfd of a reaped process -> ESRCH; of a non-leader thread -> ENOENT (pidfd_open without PIDFD_THREAD, real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'z'), clone('a', 'th', [...THREAD]), { op: 'exit', actor: 'z', code: 0 }, { op: 'wait', actor: 'a', pid: -1 });
  err(t, s, { op: 'setns', actor: 'root', target: 'z', pidfd: true, nstypes: ['uts'] }, 'ESRCH', 'NSFD-3');
  err(t, s, { op: 'setns', actor: 'root', target: 'th', pidfd: true, nstypes: ['uts'] }, 'ENOENT', 'NSFD-3');
});

test('SETNS-2 pidfd NEWUSER|NEWUTS: the owner check uses the caller\'s current creds (root may join a child userns with the init-owned uts ns; real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']), clone('a', 'j'));
  ok(t, s, { op: 'setns', actor: 'j', target: 'u', pidfd: true, nstypes: ['user', 'uts'] });
  t.is(s.task('j').creds.userns, s.task('u').creds.userns);
});

test('OWN-2 hostEnvironment (unshare -Upf): the environment\'s uts/net are the host\'s, out of the restorer\'s reach; its own namespaces are fine', (t) => {
  const s = new Sim({ ...DEFAULT_PROFILE, hostEnvironment: true });
  withSession(t, s);
  err(t, s, { op: 'sethostname', actor: 'a', hostname: 'x' }, 'EPERM', 'UTS-1');
  ok(t, s, clone('a', 'n', ['CLONE_NEWNET', 'CLONE_NEWUTS']), { op: 'sethostname', actor: 'n', hostname: 'mine' });
  err(t, s, { op: 'setns', actor: 'n', target: 'a', file: 'net' }, 'EPERM', 'SETNS-7');
  ok(t, s, { op: 'write-ns-last-pid', actor: 'a', value: 100 }, clone('a', 'p', [], { setTid: [500] }));
  const img = s.image();
  const users = img.namespaces.filter((x) => x.type === 'user');
  t.is(users.length, 2);
  t.true(users.every((u) => u.external));
});

test('NSFD-1 opening ns files needs ptrace read access: from a child user ns, the parent\'s and siblings\' files -> EACCES; a pidfd setns -> EPERM (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER', 'CLONE_NEWUTS']), clone('a', 'v', ['CLONE_NEWUSER']));
  err(t, s, { op: 'setns', actor: 'u', target: 'a', file: 'net' }, 'EACCES', 'NSFD-1');
  err(t, s, { op: 'setns', actor: 'u', target: 'v', file: 'net' }, 'EACCES', 'NSFD-1');
  err(t, s, { op: 'setns', actor: 'u', target: 'a', pidfd: true, nstypes: ['net'] }, 'EPERM', 'SETNS-2');
  // the parent may open the child's files (it holds every capability in the child user ns)
  ok(t, s, { op: 'setns', actor: 'a', target: 'u', file: 'uts' });
});

test('SETNS-7 cgroup: the capability checks come before the own-ns no-op: from a child user ns, joining its own (parent-owned) cgroup ns -> EPERM (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u', ['CLONE_NEWUSER']));
  err(t, s, { op: 'setns', actor: 'u', target: 'u', file: 'cgroup' }, 'EPERM', 'SETNS-7');
});

test('UNSH-6 timens_offsets is per process: a thread writes its leader\'s time_for_children; ESRCH once the leader has exited (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'th', [...THREAD]), { op: 'unshare', actor: 'th', flags: ['CLONE_NEWTIME'] });
  // th's own time_for_children is new, but the file is p's: the boot ns, frozen
  err(t, s, { op: 'write-timens-offsets', actor: 'th', monotonic: 1, boottime: 1 }, 'EACCES', 'UNSH-6');
  ok(t, s, { op: 'unshare', actor: 'p', flags: ['CLONE_NEWTIME'] }, { op: 'write-timens-offsets', actor: 'th', monotonic: 3e9, boottime: 0 });
  t.is(s.task('p').nsproxy!.timeForChildren.monotonic, 3e9);
  ok(t, s, { op: 'exit', actor: 'p', code: 0 });
  err(t, s, { op: 'write-timens-offsets', actor: 'th', monotonic: 1, boottime: 1 }, 'ESRCH', 'UNSH-6');
});

test('UNSH-6 /proc/<tid>/timens_offsets is the thread\'s own: a thread sets the offsets of the time ns it made, and its fork enters it with them (real 6.18)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'p'), clone('p', 'th', [...THREAD]), { op: 'unshare', actor: 'th', flags: ['CLONE_NEWTIME'] });
  ok(t, s, { op: 'write-timens-offsets', actor: 'th', monotonic: 7000e9, boottime: 0, thread: true });
  t.is(s.task('th').nsproxy!.timeForChildren.monotonic, 7000e9);
  t.is(s.task('p').nsproxy!.timeForChildren.monotonic, 0, 'the leader\'s time_for_children is untouched');
  ok(t, s, clone('th', 'c'));
  t.is(s.task('c').nsproxy!.time.monotonic, 7000e9, 'the thread\'s child runs with the offsets');
  err(t, s, { op: 'write-timens-offsets', actor: 'th', monotonic: 1, boottime: 1, thread: true }, 'EACCES', 'UNSH-6');
});
