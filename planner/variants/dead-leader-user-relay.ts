/**
 * A dead leader that left its creator's user ns relays the fs_struct its creator passed on
 * (re-plan variant `deadUserRelays`, with `shares`): it forks its CLONE_FS children while still in
 * its birth user ns, then takes its own copy by unshare(CLONE_FS) before its user-ns switch, and
 * its threads share that copy.
 *
 * stand-ins.ts lets a dead leader D whose children share its creator G's fs_struct o (no thread of
 * D holding o) stand for o. A task holding a shared fs_struct cannot setns(user) (SETNS-4), so
 * ns-rights.ts bornUser has D's CLONE_FS children born in D's final user ns; a child that ends in
 * G's user ns, above D's, can never get back there (credentials only move down, SETNS-4, UNSH-3),
 * and a pid-ns init below it was reported owned by the wrong user ns (OWN-1). But D did not hold
 * o when it switched: unshare(CLONE_NEWUSER) implies CLONE_FS and copies a shared fs_struct
 * (UNSH-1), so D forked those children in its birth user ns and left o to them. In the variant
 * such a D (one whose user ns is a child of its creator's, with a live child holding o outside
 * D's user ns) does not stand for o: it counts with its threads' fs_struct (its copy), and
 * fs-relays.ts findFsRelays takes it as a relay of o, as it lived (build.ts relayView): it forks
 * the children sharing o with CLONE_FS before its unshare(CLONE_FS) (fs-unshare-relay.ts, UNSH-1,
 * UNSH-2), which comes before its user-ns switch and mount ns (SETNS-3, SETNS-4); its threads,
 * created after the copy, share it (FORK-4).
 *
 * Seed 20182: 2 forked 4 with CLONE_FS (fs:0); 4 forked 13 with CLONE_FS, execve'd, then
 * unshare(CLONE_NEWUSER|CLONE_NEWNS|...) made user:1 and mnt:4 with its copy, which its thread 44
 * keeps; its leader thread exited. 13 (user:0) forks 19, which makes pid:6 (owned by user:0).
 * Tried after an OWN-1 first answer only, for an image with such a dead leader (deadUserRelayIn).
 * O(children) per dead leader; the image check is O(tasks).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts, Proc } from '../facts/facts.js';
import type { Image } from '../../model/image.js';

/**
 * In the variant, does dead leader p (created by `cr`, as stand-ins.ts sees it) relay its
 * creator's fs_struct rather than stand for it? `kids`: the processes it creates. O(kids).
 */
export function relaysAcrossUserNs(f: Facts, p: Proc, cr: Task | undefined, kids: readonly Task[]): boolean {
  if (!f.deadUserRelays || !cr || cr.fs === null || p.leader.state !== 'dead' || p.threads.length === 0) return false;
  const u = p.leader.userns;
  if (u === null || u === cr.userns || f.nsById.get(u)?.parent !== cr.userns) return false;
  return kids.some((t) => t.fs === cr.fs && t.userns !== u);
}

/** In the variant, is r a dead leader with live threads, taken as it lived (a relay candidate)? O(1). */
export function deadUserRelay(f: Facts, r: Task): boolean {
  if (!f.deadUserRelays || r.state !== 'dead' || r.pid[0] !== r.tgid) return false;
  return (f.procs.get(r.tgid)?.threads.length ?? 0) > 0;
}

/**
 * Is the variant worth an attempt: a dead leader with a live thread, in a user ns made below its
 * parent's, with a live child sharing the parent's fs_struct? O(tasks).
 */
export function deadUserRelayIn(image: Image): boolean {
  const byTid = new Map(image.tasks.map((t) => [t.pid[0], t]));
  const threaded = new Set(image.tasks.filter((t) => t.pid[0] !== t.tgid && t.nsproxy !== null).map((t) => t.tgid));
  const parentOf = new Map(image.namespaces.filter((n) => n.type === 'user').map((n) => [n.id, n.parent ?? null]));
  for (const c of image.tasks) {
    if (c.pid[0] !== c.tgid || c.fs === null) continue;
    const d = byTid.get(c.ppid);
    if (!d || d.state !== 'dead' || !threaded.has(d.tgid) || d.userns === null || c.userns === d.userns) continue;
    const g = byTid.get(d.ppid);
    if (g && g.fs === c.fs && parentOf.get(d.userns) === g.userns) return true;
  }
  return false;
}
