/**
 * Re-plan attempt `zombieBirthNeeds` (index.ts, with `initJoinHelpers`, after the other
 * initJoinHelpers attempts, for an image with a zombie, kept only when it verifies): a zombie is born in the
 * namespaces the children it forks can only inherit, and a zombie child of a pid-ns init that the
 * init cannot give them is forked by an init-join helper holding them.
 *
 * A zombie's namespaces are gone from the image (EXIT-4), so birth-needs.ts took none from it or
 * for it: a process it forks (with CLONE_PARENT too, FORK-3) that cannot join its final namespace
 * (SETNS-3..7 need CAP_SYS_ADMIN over the owner, OWN-2) was born in whatever the zombie had. Here
 * a zombie with no final namespaces counts as holding none: what its children need and it cannot
 * join itself is what it must be born with (inheritedBirthNeeds `bare`), and that need goes on up
 * to its own creator as any other's, but for a zombie child of a pid-ns init, which puts none on
 * the init (build.ts taskCreator stops at it too): init-join-helper.ts forks it through a helper that joins those
 * namespaces (with its source's rights), enters the zombie's user ns and forks it in the init's
 * pid ns (SETNS-5); its exit hands the zombie to the init (EXIT-2), whose CLONE_PARENT children
 * it forks later are the init's too (FORK-3).
 *
 * Seed 31852: zombie 27 (user:1, parent 7, the init of pid:2 in mnt:1) forked 46, which its exit
 * handed to 7 (the plan has 27 fork it with CLONE_PARENT); 46 ends in mnt:0, owned by user:0,
 * which it cannot join. 27 must be born in mnt:0: the restorer
 * (27 leads its own session and group) forks a helper into pid:2, which enters user:1 and forks
 * 27 there, in mnt:0; 27 forks 46, which keeps it.
 *
 * An attempt where no zombie must be born with anything stops at once ('changed nothing': it is
 * the initJoinHelpers attempt again). State per Facts (a WeakMap), so shared modules gain no
 * field. O(processes x slots).
 */
import type { Facts } from '../facts/facts.js';
import type { BirthSlot } from '../ordering/birth-needs.js';

/** per Facts in the attempt: zombie tgid -> slot -> the namespace it must be born with */
const needs = new WeakMap<Facts, Map<number, ReadonlyMap<BirthSlot, string>>>();

export function setZombieBirthNeeds(f: Facts): void {
  needs.set(f, new Map());
}

/** In the attempt, is process tgid a zombie whose birth needs come from its children (no final namespaces)? O(1). */
export function bareZombie(f: Facts, tgid: number): boolean {
  if (!needs.has(f)) return false;
  const p = f.procs.get(tgid);
  return p !== undefined && p.zombie && p.leader.nsproxy === null;
}

/**
 * In the attempt, does zombie tgid put no birth needs on its creator, being a child of its pid
 * ns's init (`initChild`, asked only then)? An init-join helper forks it holding them
 * (init-join-helper.ts). O(1) besides initChild.
 */
export function helperBornZombie(f: Facts, tgid: number, initChild: () => boolean): boolean {
  return f.initJoinHelpers === true && bareZombie(f, tgid) && initChild();
}

/** build.ts: keep the zombies' birth needs (inheritedBirthNeeds) for the emitter. O(zombies). */
export function recordZombieBirthNeeds(f: Facts, birthNeeds: ReadonlyMap<number, ReadonlyMap<string, string>>): void {
  const m = needs.get(f);
  if (!m) return;
  m.clear();
  for (const [tgid, need] of birthNeeds) if (bareZombie(f, tgid) && need.size > 0) m.set(tgid, need as ReadonlyMap<BirthSlot, string>);
}

/** In the attempt, after build.ts: must any zombie be born with something? O(1). */
export function anyZombieBirthNeeds(f: Facts): boolean {
  return (needs.get(f)?.size ?? 0) > 0;
}

/** The namespaces zombie tgid must be born with, by slot, in the attempt; undefined otherwise. O(1). */
export function zombieBirthNeedsOf(f: Facts, tgid: number): ReadonlyMap<BirthSlot, string> | undefined {
  return needs.get(f)?.get(tgid);
}
