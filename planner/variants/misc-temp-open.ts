/**
 * Re-plan variant `tempOpen` (with `bornCreators`): a temporary subreaper (temp-subreaper.ts)
 * whose zombie is still undecided when the member is. A zombie Z of the session forks member P
 * and exits; P's image parent Q, an ancestor of Z with no subreaper or init between them, sets
 * PR_SET_CHILD_SUBREAPER around Z's exit only, so P reparents to Q (EXIT-2, EXIT-3). The plain
 * construction offers only the session's first eight zombies (settled ones first, in image
 * order), whatever their heir: a session with many zombies never reaches the one under Q, and a
 * Z itself decided in the same component is not settled yet when P is. Here the zombies are
 * filtered by Q before the cap, and a member with no option but such an open Z is decided in the
 * session's second component, once Z's own creation is (seeds 71047, 88654, 54345: zombie 72,
 * born in session 6 under 3, forks 43, which the history handed to 2, a subreaper only then).
 *
 * Only in that variant, so first plans stay as they were. O(session members) per member asked
 * (and O(tasks) once per attempt for lateOnlyChild's parent set).
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel } from '../creators/creators.js';
import { tempSubreaperFor } from '../creators/temp-subreaper.js';

export function tempOpen(m: CreatorModel): boolean {
  return m.tempOpen === true;
}

/** Of `zs` (the session's or group's zombies), the first `cap` whose exit reaches q as a temporary subreaper. */
export function tempZombiesFor(f: Facts, zs: { z: number }[], q: number, cap = 8): { z: number }[] {
  const out: { z: number }[] = [];
  for (const x of zs) {
    if (tempSubreaperFor(f, x.z, q) !== q) continue;
    out.push(x);
    if (out.length >= cap) break;
  }
  return out;
}

/**
 * Should member p, with no option now, wait for the session's second component: is an open
 * zombie of its session one whose exit reaches p's parent as a temporary subreaper, able to
 * create p (`can`)?
 */
export function waitsForOpenTempZombie(f: Facts, m: CreatorModel, p: Proc, zs: { z: number }[], open: ReadonlySet<number>, can: (z: number) => boolean): boolean {
  if (!tempOpen(m)) return false;
  return zs.some(({ z }) => open.has(z) && tempSubreaperFor(f, z, p.parent) === p.parent && can(z));
}

/**
 * Does every orphan below p stop at p or below it (p a pid-ns init or a subreaper in the image:
 * EXIT-2 looks for the nearest subreaper ancestor, and an init takes its ns's orphans)? Then a
 * zombie Z that is itself a subreaper may fork p: until Z's exit no orphan of p's subtree goes
 * past p to Z (seed 88654: session leader 12, a subreaper, forks init 35 and exits; 35 goes to 2,
 * a temporary subreaper). Z's own children at its exit go to the nearest subreaper above Z.
 */
export function stopsOrphans(p: Proc): boolean {
  return p.isInit || p.leader.subreaper === true;
}

/**
 * A temporary subreaper q past one late flag: zombie z's exit reaches q when the only subreaper S
 * between z's parent and q sets its flag after that exit (EXIT-3: the flag may be set at any
 * time; zombie-late-subreaper.ts orders S's flag after z's exit), and q is a subreaper only
 * around it (seed 54345: session leader 22, a zombie and a subreaper under subreaper 18, forks 38
 * and exits before 18's flag; 38 goes to 17, 18's parent, a subreaper only then). Same conditions
 * on q as tempSubreaperFor; S must be alive at the end and no init. { late: S } or undefined.
 */
export function tempSubreaperLate(f: Facts, z: number, q: number): { late: number } | undefined {
  const zp = f.procs.get(z);
  const qp = f.procs.get(q);
  if (!zp || !qp || qp.zombie || qp.leader.state === 'dead' || qp.leader.subreaper !== false || qp.pidns !== zp.pidns) return undefined;
  let late: number | undefined;
  let x = f.procs.get(zp.parent);
  for (let guard = 0; x && guard < 4096; guard++) {
    if (x.pidns !== zp.pidns || x.isInit) return undefined;
    if (x.tgid === q) return late !== undefined ? { late } : undefined;
    if (x.leader.subreaper !== false) {
      if (late !== undefined || x.zombie || x.leader.state === 'dead') return undefined;
      late = x.tgid;
    }
    x = f.procs.get(x.parent);
  }
  return undefined;
}

/** Record z's late flag S (zombie-late-subreaper.ts edges); false when z already has another. */
export function noteTempLate(m: CreatorModel, z: number, late: number): boolean {
  const zl = (m.zombieLate ??= new Map());
  const had = zl.get(z);
  if (had !== undefined && had !== late) return false;
  zl.set(z, late);
  return true;
}

/**
 * A zombie with no child in the image (seed 54345's 38): a subreaper zombie above it may fork it
 * too, the verified replay judging the children the plan gives it.
 */
export function lateOnlyChild(f: Facts, p: Proc): boolean {
  if (!p.zombie) return false;
  let parents = parentsOf.get(f);
  if (!parents) parentsOf.set(f, (parents = new Set(f.image.tasks.map((t) => t.ppid))));
  return !parents.has(p.tgid);
}
/** the image's parent tgids, per Facts: built on first use, O(tasks) */
const parentsOf = new WeakMap<Facts, Set<number>>();
