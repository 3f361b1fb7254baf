import type { Finding } from '../finding.js';
import { taskPath, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, groupBy, who } from './rule.js';

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
