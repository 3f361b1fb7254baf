/**
 * Re-plan variant `threadOwnTfcs` (index.ts VARIANTS appended-since; UNSH-2, UNSH-6, SETNS-6,
 * FORK-2, FORK-8): a thread that makes its own time_for_children keeps nothing of its leader's
 * time_for_children, so it need not be created before the leader's unshare(CLONE_NEWTIME).
 *
 * build.ts orders every thread not ending in a time ns its leader makes before that making
 * ("thread T keeps L's time ns from before X", SETNS-6): a thread created after it copies the
 * leader's new time_for_children (FORK-8, a CLONE_VM clone shares the nsproxy) and could not
 * reset it later, setns(time) needing a single-threaded caller (SETNS-6). But unshare(CLONE_NEWTIME)
 * works from any thread (UNSH-2) and replaces only the caller's time_for_children (UNSH-6): a
 * thread whose time_for_children is one it makes itself, and whose active time ns is its leader's
 * (entered before the threads exist, build.ts "joins its time ns before its threads exist"),
 * ends right whichever time_for_children it is born with. With the edge, a thread created by a
 * thread that must follow the leader's making closes a cycle (seed 102838: leader 5 makes time:2,
 * its time_for_children, after entering time:1; thread 30 holds time:1/time:2 and creates thread
 * 33, which unshares time:3 for itself; "33 keeps 5's time ns from before time:2" went round
 * through 30). Here no edge is put between such a thread and the leader's making.
 *
 * Only in the variant, so plans found without it stay as they were; the plan is verified on
 * replay. O(1) per thread and namespace.
 */
import type { Facts } from '../facts/facts.js';
import type { Image, NsProxy } from '../../model/image.js';

/**
 * Does thread `th` (namespaces npT) need no order against its leader's making of time ns `id`,
 * making its own time_for_children (maker(npT.timeForChildren) is th) while its active time ns is
 * its leader's (npL)? Only with f.threadOwnTfcs. O(1).
 */
export function threadOwnTfc(f: Facts, npT: NsProxy | undefined, npL: NsProxy | undefined, id: string, makesOwn: boolean): boolean {
  if (!f.threadOwnTfcs || !npT || !npL || !makesOwn) return false;
  return npT.time !== npT.timeForChildren && npT.timeForChildren !== id && npT.time !== id && npT.time === npL.time;
}

/** The variant's gate: does the image hold a live non-leader thread whose time ns and time_for_children differ? O(tasks). */
export function anyThreadOwnTfc(image: Image): boolean {
  const np = new Map(image.nsproxies.map((n) => [n.id, n]));
  return image.tasks.some((t) => t.pid[0] !== t.tgid && t.nsproxy !== null && np.get(t.nsproxy) !== undefined && np.get(t.nsproxy)!.time !== np.get(t.nsproxy)!.timeForChildren);
}
