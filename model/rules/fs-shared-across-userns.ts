import type { Finding } from '../finding.js';
import type { Rule } from './rule.js';
import { finding, groupBy, who } from './rule.js';
import { taskPath } from '../indexes.js';

/**
 * A shared fs_struct pins the user namespace: CLONE_FS cannot go with CLONE_NEWUSER (FORK-4),
 * setns into a user ns fails while fs is shared, by fd or by pidfd alike (SETNS-4: userns_install
 * tests the caller's own fs_struct, not the copy pidfd setns makes), and unshare(CLONE_NEWUSER)
 * copies the fs_struct first (UNSH-1). (Mount namespaces differ: FS_SHARED_ACROSS_NS.)
 */
export const fsSharedAcrossUserns: Rule = {
  code: 'FS_SHARED_ACROSS_USERNS',
  description: 'Tasks sharing one fs_struct (CLONE_FS, threads) are in different user namespaces.',
  kernelRule: 'FORK-4, SETNS-4, UNSH-1',
  severity: 'error',
  messages: { main: '{a} and {b} share fs "{fs}" but are in different user namespaces ("{x}" and "{y}")' },
  check(ix) {
    const out: Finding[] = [];
    for (const [fs, users] of groupBy(ix, 'fs')) {
      // tasks whose user ns is unknown (null) can neither break nor satisfy the rule
      const known = users.filter((u) => u.task.userns !== null);
      if (known.length < 2) continue;
      const a = known[0];
      const b = known.slice(1).find((u) => u.task.userns !== a.task.userns);
      if (!b) continue;
      const x = a.task.userns!;
      const y = b.task.userns!;
      out.push(finding(this, 'main', { a: who(a), b: who(b), fs, x, y }, {
        tasks: [a.task.pid[0], b.task.pid[0]], objects: [fs, x, y], path: taskPath(b, 'fs'),
        chain: [
          'An fs_struct (root, cwd, umask) is shared by CLONE_FS or by threads.',
          'clone() refuses CLONE_FS with CLONE_NEWUSER (FORK-4); setns() into a user namespace fails with EINVAL while the caller\'s fs_struct is shared, with a namespace fd or a pidfd (SETNS-4: the check is on the caller\'s own fs_struct); unshare(CLONE_NEWUSER) first gives the caller its own copy (UNSH-1).',
          `So tasks sharing fs "${fs}" stay in one user namespace.`,
        ],
      }));
    }
    return out;
  },
};
