/**
 * `--unprivileged`: the restorer has no capability outside a user namespace it creates itself.
 * Two answers: the exact restore, planned with the unprivileged profile (the planner proves what
 * blocks it, planner/checks/unprivileged.ts), and the best restore that remains, which this
 * transformation builds and the planner plans and verifies on the simulated kernel with the same
 * unprivileged profile. The restorer's ids are written as it sees them where it runs: uid 0
 * (KernelProfile.restorerUid), as in the user ns of its own that crplan's C program starts in,
 * which maps only the real uid (so the plan runs for real as any user):
 * - the user namespaces right below the environment's are created by the restorer, so they are
 *   owned by its uid and map only it (its single self-mapping, as root inside: OWN-1, OWN-6);
 *   under `whatif-user` (below) the same holds with the restorer as uid 0 there; user namespaces
 *   further down keep the part of their maps that is still mapped above;
 * - when the image needs the environment's user namespace itself (tasks in it, namespaces it
 *   owns that the restore recreates, or host pids), a new user namespace `whatif-user` of the
 *   restorer takes its place: those tasks and namespaces move into it, the user namespaces below
 *   the environment's move below it, and an external level-0 pid ns (host pids) becomes a fresh
 *   one the restorer creates: the numbers are kept one pid-namespace level down (with a stand-in
 *   init when the image has none);
 * - external uts/ipc/mnt/net/cgroup/time namespaces stay joined (inherited, never changed).
 * Everything that changes is said in the notes. O(tasks + namespaces).
 */
import type { Scenario } from '../scenario.js';
import { cloneImage } from '../scenario.js';
import type { IdMapEntry, Namespace } from '../../model/image.js';
import { rootPidNs, rootUserNs } from '../../model/image.js';
import { DEFAULT_PROFILE } from '../../kernel/profile.js';
import { isSelfMap, restorerUid } from '../../planner/checks/unprivileged.js';

export const WRAP_USERNS = 'whatif-user';

const mapText = (m: IdMapEntry[] | undefined) => (m ?? []).map((e) => `${e.inside}:${e.outside}:${e.count}`).join(' ') || '(none)';

/** The part of `map` (outside ids = the parent's inside ids) that the parent's map still maps. */
function clip(map: IdMapEntry[], parent: IdMapEntry[]): IdMapEntry[] {
  const out: IdMapEntry[] = [];
  for (const e of map) {
    for (const p of parent) {
      const lo = Math.max(e.outside, p.inside);
      const hi = Math.min(e.outside + e.count, p.inside + p.count);
      if (lo < hi) out.push({ inside: e.inside + (lo - e.outside), outside: lo, count: hi - lo });
    }
  }
  return out.sort((a, b) => a.inside - b.inside);
}

const same = (a: IdMapEntry[] | undefined, b: IdMapEntry[]) => JSON.stringify(a ?? []) === JSON.stringify(b);

/** The unprivileged profile alone: the exact restore under the scenario's assumption. */
function profileOnly(): Scenario {
  return {
    label: '--unprivileged',
    apply: (input) => ({ image: input.image, options: { ...input.options, profile: { ...(input.options.profile ?? DEFAULT_PROFILE), privileged: false, restorerUid: 0 } } }),
  };
}

export function unprivilegedScenario(): Scenario {
  const exact = profileOnly();
  return {
    label: '--unprivileged',
    exact,
    apply: (input, notes) => {
      const { options } = exact.apply(input, []);
      const image = cloneImage(input.image);
      const root = rootUserNs(image);
      if (!root) {
        notes.push('the image has no root user namespace: nothing to change');
        return { image, options };
      }
      const u = restorerUid(options.profile!);
      const self = (inside: number): IdMapEntry[] => [{ inside, outside: u, count: 1 }];
      const pid0 = rootPidNs(image);
      const rootTasks = image.tasks.filter((t) => t.userns === root.id);
      const rootOwned = image.namespaces.filter((n) => n.type !== 'user' && !n.external && (n.owner ?? root.id) === root.id);
      const hostPids = pid0?.external === true && image.tasks.some((t) => t.pidns === pid0.id);
      notes.push(`the restorer has no capability in ${root.id}; its ids are written as it sees them where it runs: uid ${u} (crplan's C program runs in a user ns of its own mapping only its uid, to 0)`);
      let wrap: Namespace | undefined;
      if (rootTasks.length > 0 || rootOwned.length > 0 || hostPids) {
        wrap = { id: WRAP_USERNS, type: 'user', parent: root.id, level: (root.level ?? 0) + 1, ownerUid: u, uidMap: self(0), gidMap: self(0) };
        for (const n of image.namespaces) {
          if (n.type !== 'user' || !n.parent) continue;
          n.level = (n.level ?? 0) + 1;
          if (n.parent === root.id) n.parent = WRAP_USERNS;
        }
        for (const n of rootOwned) n.owner = WRAP_USERNS;
        if (pid0?.external) {
          pid0.external = false;
          pid0.owner = WRAP_USERNS;
          notes.push(`level-0 pid ns ${pid0.id} (host pids) becomes a fresh pid ns the restorer creates: the image's numbers are kept one pid-namespace level down, the host sees other pids`);
          if (!image.tasks.some((t) => t.pidns === pid0.id && t.pid.length === 1 && t.pid[0] === 1)) {
            // a fresh pid ns needs an init (PID-8): the restorer's stand-in, parent of the image's top tasks
            const top = image.tasks.filter((t) => t.ppid === 0);
            const tpl = top[0] ?? image.tasks[0];
            const tag = (k: string): string => `whatif-init-${k}`;
            // the init's own nsproxy: its top child's namespaces, with nothing pending for
            // children (they inherit time and pid namespaces from it as they are)
            const base = image.nsproxies.find((n) => n.id === tpl?.nsproxy) ?? image.nsproxies[0];
            let nsp = base?.id ?? null;
            if (base && (base.timeForChildren !== base.time || base.pidForChildren !== pid0.id)) {
              nsp = tag('nsproxy');
              image.nsproxies.push({ ...base, id: nsp, timeForChildren: base.time, pidForChildren: pid0.id });
            }
            image.tasks.unshift({
              pid: [1], tgid: 1, ppid: 0, pgid: [1], sid: [1], state: 'running', subreaper: false, comm: 'whatif-init',
              pidns: pid0.id, userns: WRAP_USERNS, nsproxy: nsp, files: tag('files'), fs: tag('fs'), sighand: tag('sighand'), mm: tag('mm'),
            });
            for (const t of top) t.ppid = 1;
            notes.push(`a stand-in init (pid 1, the restorer's process in the fresh pid ns) is added; the image's top process(es) ${[...new Set(top.map((t) => t.tgid))].join(', ')} become its children`);
          }
        }
        for (const t of rootTasks) t.userns = WRAP_USERNS;
        image.namespaces.push(wrap);
        notes.push(`a user ns ${WRAP_USERNS} of the restorer (its uid as root inside) stands in for ${root.id}: ${rootTasks.length} task(s) and ${rootOwned.length} namespace(s) (${rootOwned.map((n) => n.id).join(', ') || '-'}) move into it`);
      }
      // maps, top down: the restorer's own user namespaces map only its uid; below, what remains mapped
      const byId = new Map(image.namespaces.map((n) => [n.id, n]));
      const users = image.namespaces.filter((n) => n.type === 'user' && n.parent && n !== wrap).sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
      for (const n of users) {
        if (n.parent === root.id || (wrap && n.parent === WRAP_USERNS)) {
          // created by the restorer (or by its stand-in for the environment's user ns, where it
          // is uid 0): owned by it, mapping only it
          const out = wrap ? 0 : u;
          const who = wrap ? `the restorer (uid 0 in ${WRAP_USERNS})` : `the restorer (uid ${u})`;
          for (const k of ['uidMap', 'gidMap'] as const) {
            const m = n[k] ?? [];
            if (m.length === 1 && m[0].count === 1 && m[0].outside === out) continue;
            const inside = m[0]?.inside ?? 0;
            // the restorer's own uid, seen from whatif-user instead of the environment: same ids
            if (isSelfMap(m, u)) notes.push(`user ns ${n.id}'s ${k === 'uidMap' ? 'uid' : 'gid'} map ${mapText(m)} (the restorer's own id) reads ${inside}:0:1 from ${WRAP_USERNS}: the same ids`);
            else notes.push(`user ns ${n.id}'s ${k === 'uidMap' ? 'uid' : 'gid'} map ${mapText(m)} needs ids the restorer does not own: it maps only ${who}, as ${inside} inside (OWN-6)`);
            n[k] = [{ inside, outside: out, count: 1 }];
          }
          if (n.ownerUid !== out) {
            if (n.ownerUid !== u) notes.push(`user ns ${n.id} is created by ${who}, so its owner uid is ${out}, not ${String(n.ownerUid)} (OWN-1)`);
            n.ownerUid = out;
          }
          continue;
        }
        const parent = byId.get(n.parent!);
        for (const k of ['uidMap', 'gidMap'] as const) {
          const before = n[k] ?? [];
          const after = clip(before, parent?.[k] ?? []);
          if (same(before, after)) continue;
          notes.push(`user ns ${n.id}'s ${k === 'uidMap' ? 'uid' : 'gid'} map ${mapText(before)} keeps only the ids still mapped in ${n.parent}: ${mapText(after)}`);
          n[k] = after;
        }
      }
      return { image, options };
    },
  };
}
