/**
 * What the two best-documented restore strategies would do with an image, for comparison with the
 * planner (prior-art.md sections 1.2, 1.4 and 3): how many helper tasks each would create, and
 * whether it would refuse the image and why. These are models of the published algorithms, run
 * on level-0 pids, not the tools themselves; where a tool would silently restore a different
 * tree, we count that as a refusal and say so.
 *
 * - CRIU mainline `prepare_pstree_ids`: (a) one helper per foreign session among the root's
 *   children (the dead leader's placeholder itself, or a fresh pid under a live leader), (b)
 *   born_sid walks up the ancestors ("Can't find a session leader" / "Can't figure out which
 *   sid" are fatal), (c) one helper per dead group leader (placeholder pid = pgid).
 * - linux-cr DumpForest (`ckpt_init_tree`/`ckpt_set_creator`): one GHOST per sid with no task,
 *   one per pgid/tgid with no task, and one placeholder ("phantom") per session that has an
 *   orphan of init with a foreign sid or whose SESSION propagation reaches init; CLONE_PARENT
 *   siblings cost nothing.
 *
 * Complexity: O(n) hash passes plus ancestor walks; the walks stop at marked tasks so the total
 * stays O(n * depth) at worst, as in the originals.
 */
import type { Image, Task } from '../model/image.js';
import { isLeader } from '../model/image.js';

export interface BaselineResult {
  strategy: 'criu' | 'linux-cr';
  helpers: number;
  /** why the strategy would refuse (or mis-restore) the image; empty = it would restore it */
  refuses: string[];
  /** what each helper is for, in plain words */
  details: string[];
}

interface Proc {
  tgid: number;
  ppid: number;
  sid: number;
  pgid: number;
  leader: Task;
  threads: Task[];
}

function procsOf(image: Image): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const t of image.tasks) {
    let p = procs.get(t.tgid);
    if (!p) {
      p = { tgid: t.tgid, ppid: t.ppid, sid: t.sid[0], pgid: t.pgid[0], leader: t, threads: [] };
      procs.set(t.tgid, p);
    }
    if (isLeader(t)) {
      p.leader = t;
      p.ppid = t.ppid;
      p.sid = t.sid[0];
      p.pgid = t.pgid[0];
    } else p.threads.push(t);
  }
  return procs;
}

function limit(xs: number[], n = 6): string {
  return xs.length > n ? `${xs.slice(0, n).join(', ')}, ...` : xs.join(', ');
}

/** Refusals shared by nothing else: CRIU's dump/restore support matrix (prior-art.md 1.4). */
function criuSupport(image: Image, procs: Map<number, Proc>): string[] {
  const why: string[] = [];
  const roots = [...procs.values()].filter((p) => p.ppid === 0 || !procs.has(p.ppid));
  if (roots.length > 1) why.push(`CRIU dumps one process tree from one root; this image has ${roots.length} (${limit(roots.map((r) => r.tgid))})`);
  const nested = image.namespaces.filter((n) => n.type === 'pid' && (n.level ?? 0) > 0);
  if (nested.length) why.push(`nested pid namespace ${nested[0].id} ("Can't dump nested pid namespace"; PR #2968 open)`);
  const users = new Set(image.tasks.map((t) => t.userns));
  if (users.size > 1 || image.namespaces.some((n) => n.type === 'user' && (n.level ?? 0) > 1)) {
    why.push('more than one user namespace (CRIU restores a single user ns; #562, #2315)');
  }
  const byId = new Map(image.nsproxies.map((x) => [x.id, x]));
  for (const slot of ['uts', 'ipc', 'cgroup', 'time'] as const) {
    const ids = new Set<string>();
    for (const t of image.tasks) if (t.nsproxy) { const np = byId.get(t.nsproxy); if (np) ids.add(np[slot]); }
    if (ids.size > 1) why.push(`${ids.size} ${slot} namespaces ("Can't dump nested ${slot} namespace"; ${slot === 'uts' ? '#1430' : slot === 'cgroup' ? '#174' : slot === 'time' ? '#1404' : '#1430'})`);
  }
  for (const t of image.tasks) {
    const np = t.nsproxy ? byId.get(t.nsproxy) : undefined;
    if (np && np.timeForChildren !== np.time) { why.push(`task ${t.pid[0]} has a pending time_for_children (refused)`); break; }
  }
  for (const t of image.tasks) {
    const np = t.nsproxy ? byId.get(t.nsproxy) : undefined;
    if (np && np.pidForChildren !== t.pidns) { why.push(`task ${t.pid[0]} has a pending pid_for_children (CRIU ignores it: the restored tree would differ)`); break; }
  }
  const owners = new Set(image.namespaces.filter((n) => n.type !== 'user' && n.type !== 'pid' && !n.external && n.owner).map((n) => n.owner));
  if (owners.size > 1) why.push('namespaces owned by different user namespaces ("doesn\'t belong to the target user namespace")');
  for (const kind of ['fs', 'sighand', 'mm'] as const) {
    const owner = new Map<string, number>();
    for (const t of image.tasks) {
      const id = t[kind];
      if (!id) continue;
      const o = owner.get(id);
      if (o !== undefined && o !== t.tgid) { why.push(`processes ${o} and ${t.tgid} share ${kind} (dump refuses: ${kind} id must be new)`); break; }
      owner.set(id, t.tgid);
    }
  }
  const dead = image.tasks.filter((t) => t.state === 'dead');
  if (dead.length) why.push(`dead thread-group leader ${dead[0].pid[0]} with live threads (pthread02 is noauto)`);
  return why;
}

/** CRIU mainline's prepare_pstree_ids on the image's process tree. */
export function criuBaseline(image: Image): BaselineResult {
  const procs = procsOf(image);
  const refuses = criuSupport(image, procs);
  const details: string[] = [];
  const root = [...procs.values()].find((p) => p.ppid === 0 || !procs.has(p.ppid));
  if (!root) return { strategy: 'criu', helpers: 0, refuses: refuses.length ? refuses : ['no root task'], details };
  // tree after step (a): parent of each process (helpers are negative ids)
  const parent = new Map<number, number>();
  const sidOf = new Map<number, number>();
  for (const p of procs.values()) { parent.set(p.tgid, p.ppid); sidOf.set(p.tgid, p.sid); }
  const helperPids = new Set<number>();
  let helpers = 0;
  // (a) foreign sessions among the root's children: one helper per sid
  const sessionHelper = new Map<number, number>();
  for (const p of procs.values()) {
    if (p.ppid !== root.tgid || p === root) continue;
    if (p.sid === root.sid || p.sid === p.tgid) continue;
    let h = sessionHelper.get(p.sid);
    if (h === undefined) {
      helpers++;
      const leader = procs.get(p.sid);
      if (!leader) {
        h = p.sid; // the UNDEF placeholder becomes the helper, pid = sid, under the root
        helperPids.add(p.sid);
        parent.set(h, root.tgid);
        details.push(`helper with pid ${p.sid} under the root: session ${p.sid}'s leader is dead; root's child ${p.tgid} is forked by it`);
      } else {
        h = -helpers; // a fresh pid under the live leader
        parent.set(h, leader.tgid);
        details.push(`helper with a free pid under ${leader.tgid}: root's child ${p.tgid} has session ${p.sid}; forked by the helper, then re-orphaned to the root`);
      }
      sidOf.set(h, p.sid);
      sessionHelper.set(p.sid, h);
    }
    parent.set(p.tgid, h);
  }
  // (b) born_sid walks
  const bornSid = new Map<number, number>();
  for (const p of procs.values()) {
    if (p === root || p.sid === p.tgid) continue;
    const par = parent.get(p.tgid)!;
    if (sidOf.get(par) === p.sid) continue;
    let a: number | undefined = par;
    let guard = 0;
    while (a !== undefined && a !== p.sid && guard++ < procs.size + 2) {
      const b = bornSid.get(a);
      if (b !== undefined && b !== p.sid) { refuses.push(`"Can't figure out which sid (${b} or ${p.sid}) the process ${a} was born with"`); break; }
      bornSid.set(a, p.sid);
      const up = parent.get(a);
      a = up === undefined || up === 0 || (!procs.has(up) && !helperPids.has(up) && up >= 0) ? undefined : up;
    }
    if (a === undefined) { refuses.push(`"Can't find a session leader for ${p.sid}" (task ${p.tgid}: no ancestor is ${p.sid})`); }
    if (refuses.length > 8) break;
  }
  // (c) dead group leaders: the placeholder pid = pgid becomes a helper (once per group)
  for (const p of procs.values()) {
    if (p.pgid === p.tgid || procs.has(p.pgid) || helperPids.has(p.pgid)) continue;
    helperPids.add(p.pgid);
    helpers++;
    details.push(`helper with pid ${p.pgid} under ${p.tgid}: group ${p.pgid}'s leader is dead`);
  }
  return { strategy: 'criu', helpers, refuses: [...new Set(refuses)], details };
}

/** linux-cr's DumpForest (ckpt_set_creator) on the image's process tree. */
export function linuxCrBaseline(image: Image): BaselineResult {
  const procs = procsOf(image);
  const refuses: string[] = [];
  const details: string[] = [];
  const roots = [...procs.values()].filter((p) => p.ppid === 0 || !procs.has(p.ppid));
  if (roots.length !== 1) refuses.push(`"invalid ppid": only the root may have ppid 0, and this image has ${roots.length} roots (${limit(roots.map((r) => r.tgid))})`);
  const root = roots[0];
  if (!root) return { strategy: 'linux-cr', helpers: 0, refuses, details };
  const byId = new Map(image.namespaces.map((n) => [n.id, n]));
  const level = (p: Proc) => byId.get(p.leader.pidns)?.level ?? p.leader.pid.length - 1;
  for (const p of procs.values()) {
    const par = procs.get(p.ppid);
    if (par && level(p) > level(par) + 1) { refuses.push(`"unsupported form of pidns nesting": ${p.tgid} is ${level(p) - level(par)} pid-namespace levels below its parent ${par.tgid}`); break; }
  }
  // linux-cr predates PR_SET_CHILD_SUBREAPER: an orphan kept by a subreaper looks like a child
  // with a foreign session that no ordering can give it
  for (const p of procs.values()) {
    const par = procs.get(p.ppid);
    if (par && par.leader.subreaper === true && par !== root && p.sid !== par.sid && p.sid !== p.tgid && !isAncestor(procs, p.sid, par.tgid)) {
      refuses.push(`no subreaper support: ${p.tgid} was reparented to subreaper ${par.tgid} with foreign session ${p.sid}`);
      break;
    }
  }
  const isInit = (p: Proc | undefined) => p !== undefined && p.leader.pid[p.leader.pid.length - 1] === 1;
  let helpers = 0;
  // ghosts: sids, then pgids and tgids, with no task
  const ghost = new Set<number>();
  for (const p of procs.values()) {
    if (!procs.has(p.sid) && !ghost.has(p.sid)) { ghost.add(p.sid); helpers++; details.push(`GHOST session leader ${p.sid} under the root`); }
  }
  for (const t of image.tasks) {
    for (const id of [t.pgid[0], t.tgid]) {
      if (!procs.has(id) && !ghost.has(id)) { ghost.add(id); helpers++; details.push(`GHOST ${id === t.tgid ? 'thread-group' : 'group'} leader ${id} in session ${t.sid[0]}`); }
    }
  }
  // placeholders: one per session with an orphan of init (foreign sid), or whose fork-before-setsid
  // propagation climbs to the root without meeting the session
  const phantom = new Set<number>();
  const marked = new Set<number>();
  const addPhantom = (sid: number, why: string) => {
    if (phantom.has(sid)) return;
    phantom.add(sid);
    helpers++;
    details.push(`placeholder for session ${sid}: ${why}`);
  };
  for (const p of procs.values()) {
    if (p === root || p.tgid === p.sid) continue;
    const par = procs.get(p.ppid);
    if (!par || p.sid === par.sid) continue;
    if (isInit(par) || par === root) { addPhantom(p.sid, `orphan ${p.tgid} of init has foreign session ${p.sid}`); continue; }
    const leader = procs.get(p.sid);
    if (leader && leader.ppid === p.ppid) {
      if (isInit(leader)) refuses.push(`"sibling session prohibited with init as creator" (task ${p.tgid})`);
      continue; // CLONE_PARENT sibling of the leader
    }
    // SESSION propagation up the ancestry
    let a: Proc | undefined = par;
    while (a && a.sid !== p.sid && a !== root && !marked.has(a.tgid) && !(leader && a.ppid === leader.tgid)) {
      marked.add(a.tgid);
      const up = procs.get(a.ppid);
      if (!up || up === root || isInit(up)) { if (!(up && up.sid === p.sid)) addPhantom(p.sid, `session ${p.sid} must be handed down to ${p.tgid} through its ancestors, and they reach the root`); break; }
      a = up;
    }
  }
  return { strategy: 'linux-cr', helpers, refuses: [...new Set(refuses)], details };
}

function isAncestor(procs: Map<number, Proc>, anc: number, of: number): boolean {
  let cur = procs.get(of);
  let guard = 0;
  while (cur && guard++ <= procs.size) {
    if (cur.tgid === anc) return true;
    cur = procs.get(cur.ppid);
  }
  return false;
}

export function baselines(image: Image): { criu: BaselineResult; linuxCr: BaselineResult } {
  return { criu: criuBaseline(image), linuxCr: linuxCrBaseline(image) };
}
