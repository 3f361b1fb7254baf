import test from 'ava';
import { Sim, clone, ok, withSession } from './helpers.js';
import {
  getpgid, getpid, getppid, getsid, nsGetNstype, nsGetOwnerUid, nsGetParent, nsGetUserns, nsPidFromPidns, nsPidInPidns,
  pidfdGetNamespace, procStatus,
} from '../../kernel/proc.js';
import { SysError } from '../../kernel/result.js';

function errnoOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof SysError) return `${e.errno} ${e.rule}`;
    throw e;
  }
}

test('PROC-1 numbers come from the procfs mount\'s pid ns, not the reader\'s', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  const host = procStatus(s.k, s.k.rootPidNs, s.task('i'))!;
  const inner = procStatus(s.k, s.task('i').activePidNs, s.task('i'))!;
  t.is(host.pid, s.pidOf('i'));
  t.is(inner.pid, 1);
  t.is(procStatus(s.k, s.task('i').activePidNs, s.task('a')), null); // no /proc entry inside
});

test('PROC-2 NSpid/NSpgid/NSsid: one column per level, 0 where the group/session has no number', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  const st = procStatus(s.k, s.k.rootPidNs, s.task('i'))!;
  t.deepEqual(st.nspid, [s.pidOf('i'), 1]);
  t.deepEqual(st.nssid, [s.pidOf('a'), 0]);
  ok(t, s, { op: 'setsid', actor: 'i' });
  t.deepEqual(procStatus(s.k, s.k.rootPidNs, s.task('i'))!.nssid, [s.pidOf('i'), 1]);
});

test('PROC-3 state letters and ppid as the stat fields give them (Z, T, ppid 0 across the ns boundary)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'z'), { op: 'exit', actor: 'z', code: 0 }, clone('a', 'st'), { op: 'stop', actor: 'st' }, clone('a', 'i', ['CLONE_NEWPID']));
  t.is(procStatus(s.k, s.k.rootPidNs, s.task('z'))!.state, 'Z');
  t.is(procStatus(s.k, s.k.rootPidNs, s.task('st'))!.state, 'T');
  t.is(procStatus(s.k, s.task('i').activePidNs, s.task('i'))!.ppid, 0);
});

test('PROC-4 namespace identity is the object: two tasks see the same ns iff they share it', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), clone('a', 'c', ['CLONE_NEWUTS']));
  t.is(pidfdGetNamespace(s.k, s.task('a'), 'uts').inode, pidfdGetNamespace(s.k, s.task('b'), 'uts').inode);
  t.not(pidfdGetNamespace(s.k, s.task('a'), 'uts').inode, pidfdGetNamespace(s.k, s.task('c'), 'uts').inode);
});

test('PROC-5 NS_GET_USERNS/NS_GET_PARENT/NS_GET_OWNER_UID/NS_GET_NSTYPE and EPERM/EINVAL cases', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWUSER', 'CLONE_NEWPID']));
  const i = s.task('i');
  t.is(errnoOf(() => nsGetUserns(s.task('a'), s.k.rootUserNs)), 'EPERM PROC-5');
  t.is(nsGetUserns(s.task('a'), i.activePidNs), i.creds.userns);
  t.is(errnoOf(() => nsGetParent(s.task('a'), s.k.rootPidNs)), 'EPERM PROC-5');
  t.is(errnoOf(() => nsGetParent(i, i.activePidNs)), 'EPERM PROC-5');
  t.is(nsGetParent(s.task('a'), i.activePidNs), s.k.rootPidNs);
  t.is(errnoOf(() => nsGetParent(s.task('a'), i.nsproxy!.uts)), 'EINVAL PROC-5');
  t.is(nsGetOwnerUid(s.task('a'), i.creds.userns), 0);
  t.is(errnoOf(() => nsGetOwnerUid(s.task('a'), i.nsproxy!.uts)), 'EINVAL PROC-5');
  t.is(nsGetNstype(i.activePidNs), 0x20000000);
  t.is(nsPidInPidns(s.task('a'), i.activePidNs, s.pidOf('i')), 1);
  t.is(nsPidFromPidns(s.task('a'), i.activePidNs, 1), s.pidOf('i'));
  t.is(errnoOf(() => nsPidInPidns(s.task('a'), i.activePidNs, s.pidOf('a'))), 'ESRCH PROC-5');
});

test('PROC-6 and PGID-4 getters use the caller\'s active ns: ids from outside read 0, invisible pids ESRCH', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']));
  const i = s.task('i');
  t.is(getpid(i), 1);
  t.is(getppid(i), 0);
  t.is(getpgid(i, 0), 0);
  t.is(getsid(i, 0), 0);
  t.is(errnoOf(() => getsid(i, s.pidOf('a'))), 'ESRCH PGID-4');
  t.is(getsid(s.task('a'), s.pidOf('i')), s.pidOf('a'));
});

test('NSFD-4 pidfd namespace ioctls: the process\'s namespace; ESRCH once reaped', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'c', ['CLONE_NEWNET']));
  t.is(pidfdGetNamespace(s.k, s.task('c'), 'net'), s.task('c').nsproxy!.net);
  ok(t, s, { op: 'exit', actor: 'c', code: 0 }, { op: 'wait', actor: 'a', pid: -1 });
  t.is(errnoOf(() => pidfdGetNamespace(s.k, s.task('c'), 'net')), 'ESRCH NSFD-4');
});

test('NSFD-5 NS_GET_USERNS and NS_GET_PARENT walk ownership and nesting up to what the caller may see', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'u1', ['CLONE_NEWUSER']));
  const u1 = s.task('u1').creds.userns;
  t.is(nsGetParent(s.task('a'), u1), s.k.rootUserNs);
  t.is(errnoOf(() => nsGetParent(s.task('u1'), u1)), 'EPERM PROC-5');
});
