/**
 * `--unprivileged`: the restorer has no capability outside a user namespace it creates itself.
 * The best restore left is the whole image one level down: the restorer creates a user namespace
 * (mapping only its own uid, as root inside) and, owned by it, a fresh pid namespace standing for
 * the image's level 0. The transformation does exactly that to the image:
 * - a new user namespace `whatif-user` (parent: the root user ns; uid/gid maps 0 -> 0, count 1)
 *   takes the place of the root user ns as parent and owner of everything the image recreates,
 *   and as the credentials' user ns of tasks that were in the root one;
 * - an external level-0 pid ns (host pids) becomes a fresh one the restorer creates: its numbers
 *   are now chosen inside the new pid ns, the host sees other pids;
 * - external uts/ipc/mnt/net/cgroup/time namespaces stay joined (inherited, never changed).
 * What cannot survive is reported: user-ns maps needing ids other than the restorer's own uid
 * (an unprivileged map holds one id, user_namespaces(7)); hostnames of external uts namespaces
 * cannot be set (no CAP_SYS_ADMIN there). O(tasks + namespaces).
 */
import type { Scenario } from '../scenario.js';
import { cloneImage } from '../scenario.js';
import type { IdMapEntry, Namespace } from '../../model/image.js';
import { rootPidNs, rootUserNs } from '../../model/image.js';

export const WRAP_USERNS = 'whatif-user';

function outsideOk(map: IdMapEntry[] | undefined): boolean {
  return (map ?? []).every((e) => e.outside === 0 && e.count === 1);
}

export function unprivilegedScenario(): Scenario {
  return {
    label: '--unprivileged',
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const root = rootUserNs(image);
      if (!root) {
        notes.push('the image has no root user namespace: nothing to wrap');
        return { image, options: input.options };
      }
      const wrap: Namespace = {
        id: WRAP_USERNS, type: 'user', parent: root.id, level: (root.level ?? 0) + 1, ownerUid: 0,
        uidMap: [{ inside: 0, outside: 0, count: 1 }], gidMap: [{ inside: 0, outside: 0, count: 1 }],
      };
      // user namespaces below the root move one level down, under the wrapper
      const depthBump = (n: Namespace): void => { n.level = (n.level ?? 0) + 1; };
      for (const n of image.namespaces) {
        if (n.type !== 'user' || !n.parent) continue;
        depthBump(n);
        if (n.parent === root.id) {
          n.parent = WRAP_USERNS;
          if (!outsideOk(n.uidMap) || !outsideOk(n.gidMap)) {
            notes.push(`user ns ${n.id}'s maps (${(n.uidMap ?? []).map((e) => `${e.inside}:${e.outside}:${e.count}`).join(' ')}) need ids the restorer does not own: an unprivileged restorer maps only its own uid, so this namespace's maps cannot be restored`);
          }
        }
      }
      let moved = 0;
      for (const n of image.namespaces) {
        if (n.type === 'user' || n.owner !== root.id) continue;
        if (n.external && !(n.type === 'pid' && n === rootPidNs(image))) continue;
        n.owner = WRAP_USERNS;
        moved++;
      }
      const pid0 = rootPidNs(image);
      if (pid0?.external) {
        pid0.external = false;
        pid0.owner = WRAP_USERNS;
        notes.push(`level-0 pid ns ${pid0.id} (host pids) becomes a fresh pid ns the restorer creates: the image's numbers are kept one pid-namespace level down, the host sees other pids`);
        if (!image.tasks.some((t) => t.pidns === pid0.id && t.pid.length === 1 && t.pid[0] === 1)) {
          // a fresh pid ns needs an init (PID-8): the restorer's stand-in, parent of the image's top tasks
          const top = image.tasks.filter((t) => t.ppid === 0);
          const tpl = top[0] ?? image.tasks[0];
          const nsp = tpl?.nsproxy ?? image.nsproxies[0]?.id ?? null;
          const tag = (k: string): string => `whatif-init-${k}`;
          image.tasks.unshift({
            pid: [1], tgid: 1, ppid: 0, pgid: [1], sid: [1], state: 'running', subreaper: false, comm: 'whatif-init',
            pidns: pid0.id, userns: WRAP_USERNS, nsproxy: nsp, files: tag('files'), fs: tag('fs'), sighand: tag('sighand'), mm: tag('mm'),
          });
          for (const t of top) t.ppid = 1;
          notes.push(`a stand-in init (pid 1, the restorer's process in the fresh pid ns) is added; the image's top process(es) ${[...new Set(top.map((t) => t.tgid))].join(', ')} become its children`);
        }
      } else if (pid0) notes.push(`level-0 pid ns ${pid0.id} is already recreated by the restorer; it is now owned by its user ns ${WRAP_USERNS}`);
      let tasks = 0;
      for (const t of image.tasks) if (t.userns === root.id) { t.userns = WRAP_USERNS; tasks++; }
      image.namespaces.push(wrap);
      notes.push(`wrapped in user ns ${WRAP_USERNS} owned by the restorer (maps its uid to 0): ${tasks} task(s) and ${moved} namespace(s) move under it`);
      return { image, options: input.options };
    },
  };
}
