/**
 * One history exercising the `setresuid` op (kernel/setids.ts), with the result each op must
 * give: used by the simulated-kernel test (setids.test.ts, which also checks the rule ids) and
 * replayed on Linux by setids-real.test.ts (same errnos, same captured tree).
 */
import type { Op } from '../../executor/ops.js';

export interface Case {
  op: Op;
  /** 'ok', or the errno and the simulator's rule id */
  want: 'ok' | [errno: string, rule: string];
  note: string;
}

const map2 = [{ inside: 0, outside: 1000, count: 1 }, { inside: 1, outside: 2000, count: 1 }];

export const SETIDS_CASES: Case[] = [
  { op: { op: 'clone', actor: 'root', child: 'a', flags: [] }, want: 'ok', note: 'a: a root child with every capability' },
  { op: { op: 'setsid', actor: 'a' }, want: 'ok', note: 'its own session' },
  { op: { op: 'setresuid', actor: 'a', uid: 1000, gid: 1000 }, want: 'ok', note: 'root -> 1000 with CAP_SETUID/CAP_SETGID' },
  { op: { op: 'setresuid', actor: 'a', uid: 0, gid: 1000 }, want: ['EPERM', 'CRED-2'], note: 'leaving uid 0 dropped CAP_SETUID: no way back' },
  { op: { op: 'setresuid', actor: 'a', uid: 1000, gid: 1000 }, want: 'ok', note: 'the same ids need no capability (setgroups refused, ignored)' },
  { op: { op: 'setresuid', actor: 'a', uid: 1000, gid: 5 }, want: ['EPERM', 'CRED-1'], note: 'another gid needs CAP_SETGID' },
  { op: { op: 'sethostname', actor: 'a', hostname: 'nope' }, want: ['EPERM', 'UTS-1'], note: 'no CAP_SYS_ADMIN left either' },
  { op: { op: 'clone', actor: 'a', child: 'x', flags: [], setTid: [300] }, want: ['EPERM', 'FORK-9'], note: 'nor the right to choose pids' },
  { op: { op: 'unshare', actor: 'a', flags: ['CLONE_NEWUSER', 'CLONE_NEWUTS'] }, want: 'ok', note: 'userA, owned by uid 1000; utsA owned by it' },
  { op: { op: 'setresuid', actor: 'a', uid: 0, gid: 0 }, want: ['EINVAL', 'CRED-1'], note: 'no gid map yet: gid 0 unmapped (setresgid comes first)' },
  { op: { op: 'write-idmap', actor: 'root', target: 'a', uidMap: map2, gidMap: map2 }, want: 'ok', note: 'userA: 0 -> 1000, 1 -> 2000' },
  { op: { op: 'setresuid', actor: 'a', uid: 0, gid: 0 }, want: 'ok', note: 'kernel ids 1000/1000 are already uid/gid 0 of userA' },
  { op: { op: 'setresuid', actor: 'a', uid: 7, gid: 0 }, want: ['EINVAL', 'CRED-2'], note: 'uid 7 has no mapping in userA (EINVAL before any capability check)' },
  { op: { op: 'sethostname', actor: 'a', hostname: 'a' }, want: 'ok', note: 'root of userA holds CAP_SYS_ADMIN over utsA' },
  { op: { op: 'setresuid', actor: 'a', uid: 1, gid: 1 }, want: 'ok', note: 'uid 0 -> 1 inside userA: capabilities dropped' },
  { op: { op: 'sethostname', actor: 'a', hostname: 'a2' }, want: ['EPERM', 'UTS-1'], note: 'none left in userA' },
  { op: { op: 'setresuid', actor: 'a', uid: 0, gid: 1 }, want: ['EPERM', 'CRED-2'], note: 'and no CAP_SETUID to go back' },
  { op: { op: 'clone', actor: 'root', child: 'b', flags: [] }, want: 'ok', note: 'b: root (kernel uid 0)' },
  { op: { op: 'setns', actor: 'b', target: 'a', file: 'user' }, want: 'ok', note: "b joins userA: full caps there, its uid 0 unmapped (a's ns files stay open: the op made a dumpable again)" },
  { op: { op: 'setns', actor: 'b', target: 'a', file: 'uts' }, want: 'ok', note: 'b holds CAP_SYS_ADMIN over utsA' },
  { op: { op: 'setresuid', actor: 'b', uid: 1, gid: 1 }, want: 'ok', note: 'unmapped -> uid 1: neither is root of userA, capabilities stay' },
  { op: { op: 'sethostname', actor: 'b', hostname: 'b' }, want: 'ok', note: 'still CAP_SYS_ADMIN in userA' },
  { op: { op: 'setresuid', actor: 'b', uid: 0, gid: 0 }, want: 'ok', note: 'uid 1 -> 0: root of userA, capabilities kept' },
  { op: { op: 'unshare', actor: 'b', flags: ['CLONE_NEWUSER'] }, want: 'ok', note: 'userB, owned by uid 0 of userA (kernel uid 1000)' },
  { op: { op: 'clone', actor: 'root', child: 'c', flags: [] }, want: 'ok', note: 'c: root' },
  { op: { op: 'setresuid', actor: 'c', uid: 1000, gid: 1000 }, want: 'ok', note: 'c becomes uid 1000, no capability' },
  { op: { op: 'setns', actor: 'c', target: 'a', file: 'user' }, want: 'ok', note: "uid 1000 created userA: it holds every capability there without any of its own (OWN-2)" },
  { op: { op: 'clone', actor: 'root', child: 'p', flags: [] }, want: 'ok', note: 'p: a process with a thread' },
  { op: { op: 'clone', actor: 'p', child: 'pt', flags: ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] }, want: 'ok', note: 'pt: its thread' },
  { op: { op: 'setresuid', actor: 'pt', uid: 1000, gid: 1000 }, want: 'ok', note: 'only the calling thread changes' },
  { op: { op: 'unshare', actor: 'pt', flags: ['CLONE_NEWUTS'] }, want: ['EPERM', 'UNSH-4'], note: 'the thread lost its capabilities' },
  { op: { op: 'unshare', actor: 'p', flags: ['CLONE_NEWUTS'] }, want: 'ok', note: 'the leader kept them' },
];
