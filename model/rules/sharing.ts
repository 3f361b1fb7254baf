import type { Finding } from '../finding.js';
import { taskPath, type ImageIndex, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, list, who } from './rule.js';

function groupBy(ix: ImageIndex, field: 'fs' | 'sighand'): Map<string, TaskRef[]> {
  const m = new Map<string, TaskRef[]>();
  ix.image.tasks.forEach((task, idx) => {
    const id = task[field];
    if (id === null) return;
    const l = m.get(id);
    if (l) l.push({ task, idx });
    else m.set(id, [{ task, idx }]);
  });
  return m;
}

/**
 * A shared fs_struct pins the user and mount namespace: CLONE_FS cannot go with CLONE_NEWNS or
 * CLONE_NEWUSER (FORK-4), setns into a mnt or user ns fails while fs is shared (SETNS-3/4), and
 * unshare of either copies the fs_struct first (UNSH-1).
 */
export const fsSharedAcrossNs: Rule = {
  code: 'FS_SHARED_ACROSS_NS',
  description: 'Tasks sharing one fs_struct (CLONE_FS, threads) are in different user or mount namespaces.',
  kernelRule: 'FORK-4, SETNS-3, SETNS-4, UNSH-1',
  severity: 'error',
  messages: { main: '{a} and {b} share fs "{fs}" but are in different {kind} namespaces ("{x}" and "{y}")' },
  check(ix) {
    const out: Finding[] = [];
    for (const [fs, users] of groupBy(ix, 'fs')) {
      if (users.length < 2) continue;
      const a = users[0];
      const mntOf = (r: TaskRef) => (r.task.nsproxy === null ? undefined : ix.nsproxies.get(r.task.nsproxy)?.np.mnt);
      for (const b of users.slice(1)) {
        let kind: 'user' | 'mount' | undefined;
        let x = '';
        let y = '';
        if (a.task.userns !== b.task.userns) { kind = 'user'; x = a.task.userns; y = b.task.userns; }
        else {
          const ma = mntOf(a);
          const mb = mntOf(b);
          if (ma !== undefined && mb !== undefined && ma !== mb) { kind = 'mount'; x = ma; y = mb; }
        }
        if (!kind) continue;
        out.push(finding(this, 'main', { a: who(a), b: who(b), fs, kind, x, y }, {
          tasks: [a.task.pid[0], b.task.pid[0]], objects: [fs, x, y], path: taskPath(b, 'fs'),
          chain: [
            'An fs_struct (root, cwd, umask) is shared by CLONE_FS or by threads.',
            'clone() refuses CLONE_FS with CLONE_NEWNS or CLONE_NEWUSER (FORK-4); setns() into a mount or user namespace fails with EINVAL while the fs_struct is shared (SETNS-3, SETNS-4); unshare() of either first gives the caller its own copy (UNSH-1).',
            `So tasks sharing fs "${fs}" stay in one ${kind} namespace.`,
          ],
        }));
        break; // one finding per shared fs is enough to explain it
      }
    }
    return out;
  },
};

export const sighandWithoutMm: Rule = {
  code: 'SIGHAND_WITHOUT_MM',
  description: 'Tasks share signal handlers (CLONE_SIGHAND) but not the address space.',
  kernelRule: 'FORK-0, FORK-2',
  severity: 'error',
  messages: { main: '{a} and {b} share sighand "{sighand}" but have different mm ("{x}" and "{y}")' },
  check(ix) {
    const out: Finding[] = [];
    for (const [sighand, users] of groupBy(ix, 'sighand')) {
      const withMm = users.filter((r) => r.task.mm !== null);
      const a = withMm[0];
      const b = withMm.find((r) => r.task.mm !== a.task.mm);
      if (!a || !b) continue;
      out.push(finding(this, 'main', { a: who(a), b: who(b), sighand, x: a.task.mm!, y: b.task.mm! }, {
        tasks: [a.task.pid[0], b.task.pid[0]], objects: [sighand], path: taskPath(b, 'mm'),
        chain: [
          'clone() refuses CLONE_SIGHAND without CLONE_VM (EINVAL, FORK-0 step 3), so handlers are only shared along with the address space.',
          'execve() gives a process a new address space and, if its handlers were shared, its own copy of them first.',
          `So tasks sharing sighand "${sighand}" share one mm; ${list([a, b].map((r) => r.task.pid[0]))} do not.`,
        ],
      }));
    }
    return out;
  },
};
