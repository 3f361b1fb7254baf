import type { Finding } from '../finding.js';
import { taskPath, type TaskRef } from '../indexes.js';
import type { Rule } from './rule.js';
import { finding, groupBy, who } from './rule.js';

/**
 * Tasks sharing an fs_struct in different MOUNT namespaces: reachable, hence a warning.
 * clone() refuses CLONE_FS with CLONE_NEWNS (FORK-4) and setns(mnt fd) fails while fs is shared
 * (SETNS-3), but on Linux 6.18 setns(pidfd, CLONE_NEWNS | another type) copies the fs_struct only
 * for the permission check (nsproxy.c prepare_nsset), so mntns_install's "fs shared" test is
 * skipped and the caller changes mount namespace with its fs_struct still shared (observed; the
 * simulated kernel models it, kernel/setns.ts). A restore must use that path. Sharers in
 * different USER namespaces stay impossible: FS_SHARED_ACROSS_USERNS.
 */
export const fsSharedAcrossNs: Rule = {
  code: 'FS_SHARED_ACROSS_NS',
  description: 'Tasks sharing one fs_struct (CLONE_FS, threads) are in different mount namespaces: reachable only through setns(pidfd, CLONE_NEWNS | another type).',
  kernelRule: 'FORK-4, SETNS-2, SETNS-3',
  severity: 'warning',
  messages: { main: '{a} and {b} share fs "{fs}" but are in different mount namespaces ("{x}" and "{y}"); only setns(pidfd, CLONE_NEWNS | another type) gets there' },
  check(ix) {
    const out: Finding[] = [];
    for (const [fs, users] of groupBy(ix, 'fs')) {
      if (users.length < 2) continue;
      const a = users[0];
      const mntOf = (r: TaskRef) => (r.task.nsproxy === null ? undefined : ix.nsproxies.get(r.task.nsproxy)?.np.mnt);
      for (const b of users.slice(1)) {
        if (a.task.userns !== null && b.task.userns !== null && a.task.userns !== b.task.userns) continue; // FS_SHARED_ACROSS_USERNS
        const x = mntOf(a);
        const y = mntOf(b);
        if (x === undefined || y === undefined || x === y) continue;
        out.push(finding(this, 'main', { a: who(a), b: who(b), fs, x, y }, {
          tasks: [a.task.pid[0], b.task.pid[0]], objects: [fs, x, y], path: taskPath(b, 'fs'),
          chain: [
            'An fs_struct (root, cwd, umask) is shared by CLONE_FS or by threads.',
            'clone() refuses CLONE_FS with CLONE_NEWNS (FORK-4), setns(mount ns fd) fails with EINVAL while the fs_struct is shared (SETNS-3), and unshare(CLONE_NEWNS) first gives the caller its own copy (UNSH-1).',
            'But setns(pidfd, CLONE_NEWNS | another type) checks a private copy of the fs_struct and then sets the root and cwd of the shared one: on Linux 6.18 it succeeds with the fs_struct still shared (SETNS-2; observed, and modelled by the simulated kernel).',
            `So tasks sharing fs "${fs}" in mount namespaces "${x}" and "${y}" are reachable, but only that way: the planner must move one sharer with setns(pidfd) joining the mount namespace together with another kind (kernels without pidfd setns, before 5.8, cannot do it).`,
          ],
        }));
        break; // one finding per shared fs is enough to explain it
      }
    }
    return out;
  },
};

