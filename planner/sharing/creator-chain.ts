/**
 * Who creates a process, followed through the reparent helpers and ghosts that stand between it
 * and a task. The clone-time sharing passes (sharers.ts, share-*.ts) walk this chain so that a
 * construction never has a task create one of its own creators (FORK-1: a task exists before what
 * it forks). Each query is O(length of the chain); building the index is O(helpers).
 * The helper index is live: a pass that adds a helper to the model adds it here too
 * (`helperByName.set`), so later queries walk through it.
 */
import type { Facts, Proc } from '../facts/facts.js';
import type { CreatorModel, HelperSpec } from '../creators/creators.js';

export interface CreatorChain {
  /** the model's helpers by name, kept in step by the caller when it adds one */
  readonly helperByName: Map<string, HelperSpec>;
  /** the task that creates tgid, through any chain of helpers; null at the restorer */
  creatorThrough(tgid: number): number | null;
  /** is p among x's creators (x itself included, helpers walked through)? */
  createdBy(x: number, p: number): boolean;
  /**
   * Does p's present creator hold object o of kind k: a task (its leader or a thread), or a
   * helper forked with that kind's flag by a task holding it? An mm never passes through a
   * helper. O(threads of the creator).
   */
  creatorHolds(p: Proc, k: 'files' | 'fs' | 'mm', o: string | null): boolean;
}

export function creatorChain(f: Facts, m: CreatorModel): CreatorChain {
  const helperByName = new Map<string, HelperSpec>();
  for (const h of m.helpers) helperByName.set(h.name, h);
  const creatorThrough = (tgid: number): number | null => {
    let by = m.creation.get(tgid)?.by;
    // the guard stops a (malformed) helper loop after every helper was visited once
    for (let guard = 0; by && by.startsWith('h') && guard <= helperByName.size; guard++) by = helperByName.get(by)?.by;
    return by && by.startsWith('t') ? Number(by.slice(1)) : null;
  };
  const createdBy = (x: number, p: number): boolean => {
    for (let cur: number | null = x, guard = 0; cur !== null && guard <= f.order.length; cur = creatorThrough(cur), guard++) if (cur === p) return true;
    return false;
  };
  const creatorHolds = (p: Proc, k: 'files' | 'fs' | 'mm', o: string | null): boolean => {
    if (o === null) return false;
    const by = m.creation.get(p.tgid)?.by;
    if (!by) return false;
    if (by.startsWith('h')) {
      const h = helperByName.get(by);
      if (k === 'mm' || !h?.share?.includes(k)) return false;
      return f.tasks.get(Number(h.by.slice(1)))?.[k] === o;
    }
    const q = by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
    return !!q && (q.leader[k] === o || q.threads.some((t) => t[k] === o));
  };
  return { helperByName, creatorThrough, createdBy, creatorHolds };
}

/** The process of actor `by` when it is an image task (`tN`); undefined for helpers and the restorer. O(1). */
export function procOfActor(f: Facts, by: string | undefined): Proc | undefined {
  return by && by.startsWith('t') ? f.procs.get(Number(by.slice(1))) : undefined;
}

/** Is p alive in the image (its leader running or stopped, not a zombie)? */
export function isLiveProc(p: Proc): boolean {
  return !p.zombie && (p.leader.state === 'running' || p.leader.state === 'stopped');
}
