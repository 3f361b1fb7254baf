/**
 * What a creator holds when it creates (build.ts buildSchedule's stand-ins). Clone-time sharing
 * (FORK-4) passes the creator's fd table / fs_struct / mm on with CLONE_FILES / CLONE_FS /
 * CLONE_VM, so a child's objects say what its creator held then: for a zombie (which released
 * them, EXIT-4), a dead leader (its threads' or, seed 4871, its creator's), a helper standing in
 * for a dead task, and an execve'd creator before its execve (which unshares the fd table,
 * unshare_files) that is a stand-in task or table inferred from the children. Without these
 * every such image failed the FORK-4 check. Complexity: O(tasks) to build; eff is O(1), memoised
 * per dead leader (O(threads) once).
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { Facts } from '../facts/facts.js';
import { ROOT_NAME, type CreatorModel } from '../creators/creators.js';
import type { BuildContext } from './build-context.js';
import { creatorObjects } from '../sharing/dead-leader-creator.js';
import { deadLeaderFirstHolder } from './dead-leader-first-holder.js';
import { creatorTableOfThreads, preExecTable } from '../sharing/dead-leader-table.js';
import { creatorFsOfThreads } from '../sharing/dead-leader-fs.js';
import { keptFromOutside, passedOn } from '../sharing/dead-leader-kept.js';
import { threadKeptFs } from '../variants/thread-fs-entry.js';
import { ghostOwnShares } from '../variants/ghost-own-share.js';
import { rootGhostFs } from '../variants/root-ghost-share.js';
import { chainedTable } from '../variants/zombie-table-chain.js';
import { relaysAcrossUserNs } from '../variants/dead-leader-user-relay.js';
import { vmGhostMm } from '../variants/vm-ghost.js';
import { preExecBorn, helperPreExecTable } from '../variants/pre-exec-carrier.js';

/** eff (a task as its creator-side objects count), the helpers' and zombies' stand-in tasks */
export function makeStandIns(f: Facts, m: CreatorModel) {
  /** A dead leader released its fd table, fs, sighand and mm; while it lived it shared its threads' (the usual case). */
  // (memoised: finding the thread is O(threads), and it is asked for every thread of the process)
  const effMemo = new Map<Task, Task>();
  /** zombie stand-ins (see below): the fd table / fs_struct a zombie had while it created its children */
  const zombieTask = new Map<number, Task>();
  /** dead leaders' stand-in fd table / fs_struct where their threads' do not explain their children's (see below) */
  const deadOwn = new Map<number, { files: string | null; fs: string | null }>();
  /** dead leaders first holders of an fs_struct (dead-leader-first-holder.ts) -> it */
  const firstHolderFs = new Map<number, string>();
  const eff = (t: Task): Task => {
    if (t.state === 'zombie') return zombieTask.get(t.pid[0]) ?? t;
    if (t.state !== 'dead') return t;
    let e = effMemo.get(t);
    if (!e) {
      const th = f.procs.get(t.tgid)?.threads.find((x) => x.files !== null || x.mm !== null);
      const own = deadOwn.get(t.pid[0]);
      effMemo.set(t, (e = th ? { ...t, files: own?.files ?? creatorTableOfThreads(f, m, t) ?? keptFromOutside(f, m, t, 'files') ?? th.files, fs: own?.fs ?? creatorFsOfThreads(f, m, t) ?? keptFromOutside(f, m, t, 'fs') ?? th.fs, sighand: th.sighand, mm: th.mm } : t));
    }
    return e;
  };
  // A helper that creates several processes sharing an fd table, fs_struct or mm (the dead task
  // it stands in for had created them with CLONE_FILES/CLONE_FS/CLONE_VM) creates them all with
  // that flag, so the object is the helper's own and outlives it in them (FORK-4). Its stand-in
  // task carries, per kind, the object most of its children share (two at least). O(tasks).
  const helperTask = new Map<string, Task>();
  {
    const kids = new Map<string, Task[]>();
    for (const p of f.procs.values()) {
      const by = m.creation.get(p.tgid)?.by;
      if (!by || !by.startsWith('h')) continue;
      if (!kids.has(by)) kids.set(by, []);
      kids.get(by)!.push(eff(p.leader));
    }
    for (const [h, ts] of kids) {
      if (ts.length < 2) continue;
      const pickShared = (k: 'files' | 'fs' | 'sighand' | 'mm'): string | null => {
        const n = new Map<string, number>();
        for (const t of ts) if (t[k] !== null) n.set(t[k]!, (n.get(t[k]!) ?? 0) + 1);
        let best: string | null = null;
        for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
        return best;
      };
      const own = { files: pickShared('files'), fs: pickShared('fs'), sighand: pickShared('sighand'), mm: pickShared('mm') };
      if (Object.values(own).some((o) => o !== null)) helperTask.set(h, { ...ts[0], state: 'running', ...own });
    }
    // a helper forked with CLONE_FILES/CLONE_FS (planner/sharing/share-carriers.ts) holds its creator's
    for (const h of m.helpers) {
      const cr = h.share && h.by.startsWith('t') ? f.tasks.get(Number(h.by.slice(1))) : undefined;
      // (variant ghostOwnShares: and, of the other kind, what its children share, its own copy, ghost-own-share.ts)
      const own = ghostOwnShares(m) ? helperTask.get(h.name) : undefined;
      if (cr) helperTask.set(h.name, { ...cr, state: 'running', files: h.share!.includes('files') ? helperPreExecTable(m, h.name) ?? cr.files : own?.files ?? null, fs: h.share!.includes('fs') ? cr.fs : own?.fs ?? null, sighand: null, mm: null });
    }
    // (variant rootGhostShares: a ghost the restorer forks with CLONE_FS holds the restorer's fs_struct, root-ghost-share.ts)
    for (const h of m.helpers) {
      const o = h.by === ROOT_NAME ? rootGhostFs(m, h.name) : undefined;
      if (o !== undefined) helperTask.set(h.name, { ...(helperTask.get(h.name) ?? { pid: [-1], tgid: -1 } as unknown as Task), state: 'running', files: null, fs: o, sighand: null, mm: null });
    }
    // (variant vmGhosts: a ghost forked with CLONE_VM holds its creator's mm, vm-ghost.ts)
    for (const h of m.helpers) {
      const o = vmGhostMm(m, h.name);
      const cr = o !== undefined ? f.tasks.get(Number(h.by.slice(1))) : undefined;
      if (cr) helperTask.set(h.name, { ...(helperTask.get(h.name) ?? { ...cr, files: null, fs: null, sighand: null }), state: 'running', mm: o! });
    }
    // (variant threadHolders: a helper thread holds its own copy of the fd table, thread-holder.ts)
    for (const h of m.helpers) {
      const cr = h.thread && h.holdsFiles !== undefined ? f.tasks.get(Number(h.by.slice(1))) : undefined;
      if (cr) helperTask.set(h.name, { ...cr, state: 'running', files: h.holdsFiles!, fs: null, sighand: null, mm: null });
    }
  }
  // A zombie released its fd table and fs_struct (null in the image); while it lived it held
  // some. When tasks it creates share one with its own creator (or two of them share one), it
  // held that one: born with CLONE_FILES/CLONE_FS from its creator (or making a fresh copy), it
  // passes it on with the flag (FORK-4). Without this every such image failed the FORK-4 check.
  // Not the creator's fd table for a zombie that execve'd (execve unshares it: unshare_files); not its
  // mm or sighand (execve replaces them; no stand-in). Creators before their children: f.order.
  // O(tasks).
  // A dead leader too: it stands for its first thread's objects (eff), unless its children
  // share one with its creator that no thread holds: it held that one when it created them, and
  // its thread got a copy (seed 4871).
  {
    const kids = new Map<number, Task[]>();
    for (const p of f.order) {
      const by = m.creation.get(p.tgid)?.by;
      if (!by || !by.startsWith('t')) continue;
      const z = Number(by.slice(1));
      const zp = f.procs.get(z);
      if (!zp?.zombie && !(zp && zp.leader.state === 'dead' && zp.threads.length > 0)) continue;
      if (!kids.has(z)) kids.set(z, []);
      kids.get(z)!.push(p.leader);
    }
    // (re-plan variant `shares`) A zombie forked by a non-leader thread of its creator with
    // CLONE_FILES/CLONE_FS held that thread's table, and passed it on to the one child sharing it
    // (FORK-4; thread-creators.ts creatorThread then picks that thread for the zombie's birth,
    // seed 11601). Only an object a live thread holds, and only where nothing else explains it.
    const fromCreatorThread = (k: 'files' | 'fs', cby: string | undefined, n: Map<string, number>): string | null => {
      if (cby === undefined || !cby.startsWith('t')) return null;
      const cp = f.procs.get(Number(cby.slice(1)));
      for (const th of cp?.threads ?? []) {
        if (th.state !== 'running' && th.state !== 'stopped') continue;
        const o = th[k];
        if (o !== null && n.has(o)) return o;
      }
      return null;
    };
    for (const p of f.order) {
      const ts = kids.get(p.tgid);
      if (!ts) continue;
      const cby = m.creation.get(p.tgid)?.by;
      const cr = cby === undefined ? undefined : cby.startsWith('t') ? eff(f.tasks.get(Number(cby.slice(1)))!) : helperTask.get(cby);
      const pick = (k: 'files' | 'fs'): string | null => {
        // (variant zombieTableChains: a zombie on a chain of two stands for its table, zombie-table-chain.ts)
        const chained = k === 'files' ? chainedTable(m, p.tgid) : undefined;
        if (chained !== undefined) return chained;
        const n = new Map<string, number>();
        // (variant threadFsEntries: a child counts with the fs_struct its thread keeps, thread-fs-entry.ts)
        for (const t of ts) { const o = (k === 'fs' && m.threadFsEntries ? threadKeptFs(f, f.procs.get(t.tgid)!) : null) ?? eff(t)[k]; if (o !== null) n.set(o, (n.get(o) ?? 0) + 1); }
        const inherited = k === 'files' && p.leader.execed === true ? null : cr?.[k] ?? null;
        if (inherited !== null && n.has(inherited)) return inherited;
        // (variant keptStandIns: or a dead leader it forks passes it on to a child of its own, planner/sharing/dead-leader-kept.ts)
        if (inherited !== null && m.keptStandIns && p.zombie && ts.some((t) => passedOn(f, m, t, k, inherited))) return inherited;
        let best: string | null = null;
        for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
        if (best === null && m.shares && p.zombie) best = fromCreatorThread(k, cby, n);
        if (best === null && m.shares && p.zombie && k === 'files' && cby !== undefined) best = preExecTable(f, m, cby, p, n, eff);
        return best;
      };
      if (p.leader.state === 'dead') {
        // only the creator's object, and only where no thread holds what the children share
        const held = (k: 'files' | 'fs', o: string | null) => o !== null && p.threads.some((th) => th[k] === o);
        const only = (k: 'files' | 'fs'): string | null => {
          // (variant deadFirstHolderMnts: the fs_struct it first held, dead-first-holder-mnt.ts)
          const firstHeld = k === 'fs' ? f.deadFirstHolderFs?.get(p.tgid) : undefined;
          if (firstHeld !== undefined) { firstHolderFs.set(p.tgid, firstHeld); return firstHeld; }
          if (k === 'files' && p.leader.execed === true) return null;
          for (const inherited of creatorObjects(f, m, cby, cr, k)) {
            if (inherited === null || held(k, inherited) || !ts.some((t) => eff(t)[k] === inherited)) continue;
            // (variant keptStandIns: children sharing a thread's are that thread's to create,
            // thread-creators.ts creatorThread, planner/sharing/dead-leader-kept.ts)
            return ts.some((t) => held(k, eff(t)[k])) && !m.keptStandIns ? null : inherited;
          }
          // (variant shares) or the first holder of what two of its children share, no thread
          // holding it (dead-leader-first-holder.ts)
          const first = m.shares ? deadLeaderFirstHolder(p, ts, k, eff) : null;
          if (first !== null && k === 'fs') firstHolderFs.set(p.tgid, first);
          return first;
        };
        // (variant deadUserRelays: not the creator's fs_struct for a dead leader relaying it, dead-leader-user-relay.ts)
        const own = { files: only('files'), fs: relaysAcrossUserNs(f, p, cr, ts) ? null : only('fs') };
        if (own.files !== null || own.fs !== null) { deadOwn.set(p.tgid, own); effMemo.delete(p.leader); }
        continue;
      }
      const own = { files: pick('files'), fs: pick('fs') };
      if (own.files !== null || own.fs !== null) zombieTask.set(p.tgid, { ...p.leader, ...own });
    }
  }
  return { eff, helperTask, firstHolderFs };
}

/** the fd tables execve'd creators held before their execve, and when a clone shares one */
export function makeExecBorn(ctx: BuildContext) {
  const { f, m, eff, helperTask, creatorThread } = ctx;
  // An execve'd process's fd table is the private one execve gave it (unshare_files); before its
  // execve it held another, which children it forked then may share. When some of them share
  // its creator's table (or two of them share one), it held that one: born with CLONE_FILES
  // from its creator (or with a fresh copy), it forks them with CLONE_FILES before its execve.
  // Without this every such image failed the FORK-4 check. Only a creator that does not execve
  // itself (its table then is its final one). execBorn: process -> table before its execve;
  // execBornFresh: those whose table is a fresh copy (the root of its sharers). O(tasks).
  const execBorn = new Map<number, string>();
  const execBornFresh = new Set<number>();
  {
    const kids = new Map<number, Task[]>();
    for (const p of f.order) {
      const by = m.creation.get(p.tgid)?.by;
      if (!by || !by.startsWith('t')) continue;
      const pe = f.procs.get(Number(by.slice(1)));
      // (a dead leader too: it execve'd, forked these, and its final table died with it, seed 1534)
      // (a zombie too in variant shares: it forked them before its execve and exit, seed 2659)
      if (!pe || (pe.zombie && !m.shares) || pe.leader.execed !== true || creatorThread(by, p.leader)) continue;
      if (!kids.has(pe.tgid)) kids.set(pe.tgid, []);
      kids.get(pe.tgid)!.push(p.leader);
    }
    for (const p of f.order) {
      const ts = kids.get(p.tgid);
      const final = p.leader.files;
      if (!ts || (final === null && p.leader.state !== 'dead' && !p.zombie)) continue;
      const n = new Map<string, number>();
      // (not a child that execve'd too: its table is its own from then on, not a shared one)
      // (variant lateZombies: an execve'd zombie child counts with its stand-in, the table it
      // held before its execve, dead-leader-table.ts preExecTable; seed 45102)
      for (const t of ts) { const o = t.execed === true && !(m.threadExecRelays && t.state === 'zombie' && eff(t) !== t) ? null : eff(t).files; if (o !== null && o !== final) n.set(o, (n.get(o) ?? 0) + 1); }
      if (n.size === 0) continue;
      const cby = m.creation.get(p.tgid)?.by;
      const bt = cby ? creatorThread(cby, p.leader) : undefined;
      // (not from a creating thread: the clone then takes that thread's flags only)
      const cr = bt || cby === undefined ? undefined : cby.startsWith('t') ? eff(f.tasks.get(Number(cby.slice(1)))!) : helperTask.get(cby);
      // (variant shares: an execve'd creator's final table too, given after its execve, below)
      // (variant lateZombies: or the creating thread's, planner/sharing/thread-exec-relay.ts)
      const inherited = cr && (cr.execed !== true || m.shares) ? cr.files : bt && m.threadExecRelays ? bt.files : null;
      if (inherited !== null && n.has(inherited)) { execBorn.set(p.tgid, inherited); continue; }
      // (variant lateZombies: an execve'd creator's table before its execve, forked before it)
      const before = m.threadExecRelays && cr && cr.execed === true && !bt ? execBorn.get(cr.pid[0]) : undefined;
      if (before !== undefined && n.has(before)) { execBorn.set(p.tgid, before); continue; }
      let best: string | null = null;
      for (const [o, c] of n) if (c >= 2 && (best === null || c > n.get(best)!)) best = o;
      if (best !== null) { execBorn.set(p.tgid, best); execBornFresh.add(p.tgid); }
    }
    // (variant preExecCarriers: the table it was born sharing with its creator, which a helper
    // it forks before its execve carries, pre-exec-carrier.ts)
    for (const p of f.order) { const o = preExecBorn(m, p.tgid); if (o !== undefined && !execBorn.has(p.tgid)) execBorn.set(p.tgid, o); }
  }
  /** CLONE_FILES from a table held before an execve (execBorn): the child's birth or the execve'd creator's fork */
  const execBornShare = (child: Task, creator: Task | undefined): boolean => {
    if (!creator) return false;
    const born = execBorn.get(child.pid[0]);
    if (born !== undefined && !execBornFresh.has(child.pid[0]) && eff(creator).files === born) return true;
    const cb = execBorn.get(creator.pid[0]);
    return cb !== undefined && creator.pid[0] === creator.tgid && eff(child).files === cb;
  };
  return { execBorn, execBornFresh, execBornShare };
}
