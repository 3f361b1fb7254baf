/**
 * fd-table relays, and the same creator chains for an fs_struct (findFsChainRelays) (FORK-4,
 * UNSH-1, UNSH-2; re-plan variant `shares` only, CreatorModel.shares).
 *
 * Tasks that share an fd table must each have been cloned with CLONE_FILES by a task holding it
 * then (FORK-4; planner/graph/share-tree.ts checks it). When two holders A and B of a table T have
 * creators that do not hold T in the image, and neither creates the other, the history can still
 * have passed T down the creator tree: their nearest common creator C held T, every process on
 * the creator chains from C down to A and B was born sharing it (CLONE_FILES) and forked the next
 * one with CLONE_FILES, and each of them, C too, then took a private copy by unshare(CLONE_FILES),
 * which never fails for sharing, even multithreaded, and needs no capability (UNSH-1, UNSH-2).
 * That copy is its final table in the image. C needs no copy before: born without CLONE_FILES
 * (its creator does not hold T), its table is private until it forks the chain with CLONE_FILES.
 *
 * The plan does exactly that, for a relay R (C included) only when its final table is held by R
 * alone, by R's threads and by processes R's leader forks itself: those are created after R's
 * unshare (their CLONE_FILES then shares the copy), the chain child before it. R must be a live
 * (running or stopped) process leader, not one of stand-ins.ts execBorn, forking no helper with
 * CLONE_FILES. An execve'd relay needs no unshare: its execve copies the shared table
 * (unshare_files), so it forks the chain child before its execve. A zombie relay (no threads)
 * needs none either: it forks the chain child and exits (only one without a stand-in table). A
 * dead leader (its threads live on) unshares like a live relay, its copy being its threads' table
 * (planner/sharing/dead-leader-relay.ts, fd tables only).
 * The chains must consist of plain forks (no helper, maker or thread creator); chains that meet
 * only at the restorer are left out.
 *
 * findFilesRelays: O(tasks + sum of chain lengths); addFilesUnshareEdges: one step and
 * O(children + threads) edges per relay.
 */
import type { PlannedTask as Task } from '../checks/unknowns.js';
import type { BuildContext, StepContext } from '../graph/build-context.js';
import { ROOT_NAME, actorOf } from '../creators/creators.js';
import { ROOT } from '../facts/facts.js';
import { isDeadLeaderRelay } from './dead-leader-relay.js';
import { makerChainCreator } from '../variants/chain-relays.js';
import { rootGhostFs, rootGhostsOf } from '../variants/root-ghost-share.js';

export const FILES_UNSHARE = 'filesown';

/** the restorer in a creator chain (not an image task) */
const RESTORER = { pid: [ROOT], tgid: ROOT } as unknown as Task;

/**
 * Fill `birth`: relay -> the fd table it holds from its birth until its unshare(CLONE_FILES).
 * `execBorn`: execve'd creators' tables before their execve (objects involving them are left out).
 * `afterExec`: execve'd tops holding the table since their execve -> it (their chain children come after).
 */
export function findFilesRelays(ctx: BuildContext, execBorn: ReadonlyMap<number, string>, birth: Map<number, string>, afterExec: Map<number, string>): void {
  findChainRelays(ctx, 'files', execBorn, birth, afterExec, new Map());
}

/**
 * The same chains for an fs_struct (fs-relays.ts calls it; the relays then copy it by
 * unshare(CLONE_FS), fs-unshare-relay.ts addFsUnshareRelay, the restorer by addRootFsUnshare).
 * Unlike an fd table, an execve keeps a shared fs_struct (it is no copy), so an execve'd relay
 * unshares like any other and an execve'd entry needs nothing special; zombie relays are left
 * out. `taken`: the fs relays found already (not relays twice). Same complexity.
 */
export function findFsChainRelays(ctx: BuildContext, birth: Map<number, string>, taken: ReadonlyMap<number, string>): void {
  findChainRelays(ctx, 'fs', new Map(), birth, new Map(), taken);
}

function findChainRelays(ctx: BuildContext, kind: 'files' | 'fs', execBorn: ReadonlyMap<number, string>, birth: Map<number, string>, afterExec: Map<number, string>, taken: ReadonlyMap<number, string>): void {
  const { f, m, eff, makers, creatorThread, pickThreadCreator, threadCreatorView } = ctx;
  if (!m.shares) return;
  const isFiles = kind === 'files';
  /** execve'd for this kind: an execve copies a shared fd table, not an fs_struct */
  const execed = (t: Task): boolean => isFiles && t.execed === true;
  /** the plain-fork creator task of process leader t, or undefined (helper, maker, thread, restorer) */
  const plainCreator = (t: Task): Task | undefined => {
    const c = m.creation.get(t.tgid);
    if (!c || c.via || !c.by.startsWith('t') || makers.has(t.tgid) || creatorThread(c.by, t)) return undefined;
    return f.tasks.get(Number(c.by.slice(1)));
  };
  /** a chain member's creator: its plain-fork creator, or (variant chainRelays) the task forking its maker */
  const chainCreator = (t: Task): Task | undefined => {
    const pc = plainCreator(t);
    if (pc || !makerChainCreator(m.chainRelays, isFiles, makers.has(t.tgid))) return pc;
    const c = m.creation.get(t.tgid);
    if (!c || c.via || !c.by.startsWith('t') || creatorThread(c.by, t)) return undefined;
    return f.tasks.get(Number(c.by.slice(1)));
  };
  // holders of each table, and the ones whose creator does not hold it (entries, as share-tree.ts
  // counts them); `bad`: tables some holder of which this construction does not handle
  const holders = new Map<string, Task[]>();
  const entries = new Map<string, Task[]>();
  const bad = new Set<string>();
  for (const t0 of f.image.tasks) {
    const t = eff(t0);
    const o = t[kind];
    // (a zombie without a stand-in released its table: share-tree.ts does not count it either)
    if (o === null || (t0.state === 'zombie' && t === t0)) continue;
    const hl = holders.get(o);
    if (hl) hl.push(t0); else holders.set(o, [t0]);
    if (t0.pid[0] !== t0.tgid) {
      const p = f.procs.get(t0.tgid)!;
      if (threadCreatorView(p, t0, eff(pickThreadCreator(p, t0)))[kind] !== o) bad.add(o);
      continue;
    }
    const c = m.creation.get(t0.tgid);
    if (c && c.by.startsWith('t') && execBorn.get(Number(c.by.slice(1))) === o) { bad.add(o); continue; }
    const cr = plainCreator(t0);
    if (cr && eff(cr)[kind] === o && !execed(t0)) continue;
    // (a dead leader entry of an fs_struct may be the chains' top, holding it through its threads
    // (stand-ins.ts eff) from its birth: checked once the top is known; seed 18538)
    if (t0.state === 'zombie' || (t0.state === 'dead' && (isFiles || eff(t0)[kind] !== o))) bad.add(o);
    const el = entries.get(o);
    if (el) el.push(t0); else entries.set(o, [t0]);
  }
  /** a plain fork by the restorer */
  const byRestorer = (t: Task): boolean => { const c = m.creation.get(t.tgid); return !!c && !c.via && c.by === ROOT_NAME && !makers.has(t.tgid); };
  /** R's leader forks a helper sharing its fd table (its table at that fork is not ordered here) */
  const filesHelperBy = new Set(m.helpers.filter((h) => h.share?.includes(kind)).map((h) => h.by));
  const zombieRelay = (r: Task): boolean => isFiles && r.pid[0] === r.tgid && r.state === 'zombie' && r.execed !== true && !execBorn.has(r.pid[0]) && (f.procs.get(r.tgid)?.threads.length ?? 0) === 0;
  /** a dead leader relaying an fd table: its final one is its stand-in (its threads'), dead-leader-relay.ts */
  const deadRelay = (r: Task): boolean => isDeadLeaderRelay(r, isFiles, eff, m.chainRelays === true);
  /** may R take a private copy after passing `o` on: its final table is R's own, see header */
  const canRelay = (r: Task, o: string): boolean => {
    // (a zombie passes it on and exits: its stand-in table, stand-ins.ts, must be its alone)
    // (and it has none: build.ts shareFlags reads a zombie through eff, which would put the stand-in
    // in place of its birth table)
    if (zombieRelay(r)) return eff(r) === r && r.files === null && !filesHelperBy.has(`t${r.pid[0]}`) && !birth.has(r.pid[0]);
    const fin = deadRelay(r) ? eff(r)[kind] : r[kind];
    if (fin === null || fin === o || r.pid[0] !== r.tgid || (r.state !== 'running' && r.state !== 'stopped' && !deadRelay(r))) return false;
    if (f.procs.get(r.tgid)?.zombie || execBorn.has(r.pid[0]) || filesHelperBy.has(`t${r.pid[0]}`) || birth.has(r.pid[0]) || taken.has(r.pid[0])) return false;
    return (holders.get(fin) ?? []).every((t) => t === r || t.tgid === r.tgid || (t.pid[0] === t.tgid && plainCreator(t) === r));
  };
  /** (variant threadHolders) the helper threads holding a table, as chain tops: one object per helper */
  const threadTops = new Set<Task>();
  const threadTopByName = new Map<string, Task>();
  const threadTopOf = (t: Task, o: string): Task | undefined => {
    const c = t === RESTORER ? undefined : m.creation.get(t.tgid);
    const h = c && c.by.startsWith('h') ? m.helpers.find((x) => x.name === c.by) : undefined;
    if (!h || !h.thread || h.holdsFiles !== o) return undefined;
    let tt = threadTopByName.get(h.name);
    if (!tt) { tt = { pid: [-1], tgid: -1, files: o } as unknown as Task; threadTopByName.set(h.name, tt); threadTops.add(tt); }
    return tt;
  };
  for (const [o, es] of entries) {
    if (es.length < 2 || bad.has(o)) continue;
    // creator chains, each from the entry up to the last plain fork
    const chains = es.map((e) => {
      const ch: Task[] = [e];
      const seen = new Set<number>([e.pid[0]]);
      for (let c = plainCreator(e); c && !seen.has(c.pid[0]); c = chainCreator(c)) { ch.push(c); seen.add(c.pid[0]); }
      if (byRestorer(ch[ch.length - 1])) ch.push(RESTORER);
      // (variant rootGhostShares: or by a ghost the restorer forks sharing it, root-ghost-share.ts)
      else if (!isFiles && ch.length === 1 && rootGhostFs(m, m.creation.get(e.tgid)?.by ?? '') === o) ch.push(RESTORER);
      // (variant threadHolders: up to the helper thread holding o, thread-holder.ts)
      const tt = isFiles ? threadTopOf(ch[ch.length - 1], o) : undefined;
      if (tt) ch.push(tt);
      return ch;
    });
    const inAll = chains.slice(1).map((ch) => new Set(ch));
    const top = chains[0].find((t) => inAll.every((s) => s.has(t)));
    if (!top || es.some((e) => e.state === 'dead' && e !== top)) continue;
    // the relays: every chain member strictly below the top not holding o, and the top unless it holds it
    const rel = new Set<Task>();
    let ok = true;
    for (const ch of chains) {
      for (let i = 0; i < ch.length && ch[i] !== top; i++) {
        const x = ch[i];
        if (eff(x)[kind] === o) continue;
        if (i === 0) { ok = false; break; } // (an entry holds o)
        rel.add(x);
        // its chain child is born sharing o and must not share x's final table (created after x's copy)
        // (a relay with no final table, a zombie, has none to share: null is no table)
        if (eff(x)[kind] !== null && ch[i - 1][kind] === eff(x)[kind]) { ok = false; break; }
      }
      if (!ok) break;
    }
    if (threadTops.has(top)) {
      // (a helper thread holding o from its birth forks the heads, then exits: no copy to make)
      if (!ok || es.some((e) => execed(e)) || rel.size === 0 || [...rel].some((r) => !canRelay(r, o))) continue;
      for (const r of rel) birth.set(r.pid[0], o);
      continue;
    }
    if (top === RESTORER) {
      // (the restorer forks the chain heads with CLONE_FILES, then unshares: once, for one table,
      // and only when it forks no helper sharing its table)
      // (variant rootGhostShares: but the ghosts it forks sharing this fs_struct, and relays of it
      // found already, root-ghost-share.ts)
      const ghosts = !isFiles && rootGhostsOf(m, o).length > 0 && m.helpers.every((h) => h.by !== ROOT_NAME || !h.share?.includes(kind) || rootGhostFs(m, h.name) === o);
      const relayed = (r: Task) => ghosts && taken.get(r.pid[0]) === o;
      if (!ok || es.some(execed) || birth.has(ROOT) || (filesHelperBy.has(ROOT_NAME) && !ghosts) || [...rel].some((r) => !relayed(r) && !canRelay(r, o))) continue;
      for (const r of rel) if (!relayed(r)) birth.set(r.pid[0], o);
      birth.set(ROOT, o);
      continue;
    }
    if (eff(top)[kind] !== o) {
      rel.add(top);
      for (const ch of chains) { const i = ch.indexOf(top); if (i > 0 && eff(top)[kind] !== null && ch[i - 1][kind] === eff(top)[kind]) ok = false; }
    }
    // (an execve'd entry's table is its own since its execve: only the top may be one, which
    // then forks its chain children after its execve)
    const execTop = execed(top) && eff(top)[kind] === o;
    if (es.some((e) => execed(e) && e !== top)) continue;
    if (!ok || rel.size === 0 || [...rel].some((r) => !canRelay(r, o))) continue;
    for (const r of rel) birth.set(r.pid[0], o);
    if (execTop) afterExec.set(top.pid[0], o);
  }
}

/** R's unshare(CLONE_FILES) step and its edges: chain children before it, sharers of R's copy after. */
export function addFilesUnshareEdges(ctx: StepContext, birth: ReadonlyMap<number, string>, afterExec: ReadonlyMap<number, string>, atBirth: (t: Task) => Task): void {
  const { f, m, s, em, creatorThread, eff } = ctx;
  for (const [tid, o] of afterExec) {
    const ex = s.at('execve', tid);
    for (const p of f.order) {
      const c = m.creation.get(p.tgid);
      if (ex >= 0 && c && c.by === `t${tid}` && !creatorThread(c.by, p.leader) && birth.get(p.tgid) === o) s.edge(ex, s.at('task', p.tgid), `${tid} holds fd table ${o} from its execve on, and forks ${p.tgid} with it`, 'FORK-4');
    }
  }
  for (const [rid, o] of birth) {
    if (rid === ROOT) {
      s.addAt(FILES_UNSHARE, ROOT, 'other', 'the restorer unshares the fd table it passed on', [], () =>
        em.emit({ op: 'unshare', actor: ROOT_NAME, flags: ['CLONE_FILES'], why: `the restorer passed its fd table on with CLONE_FILES as ${o}; unshare(CLONE_FILES) leaves it to them (FORK-4, UNSH-1)` }));
      for (const p of f.order) {
        const c = m.creation.get(p.tgid);
        if (c && c.by === ROOT_NAME && atBirth(p.leader).files === o) s.edge(s.at('task', p.tgid), s.at(FILES_UNSHARE, ROOT), `the restorer creates ${p.tgid} with CLONE_FILES before its unshare(CLONE_FILES)`, 'UNSH-1');
      }
      continue;
    }
    const r = f.tasks.get(rid)!;
    // (a zombie relay holds no table in the image: its exit ends its hold, nothing to copy)
    if (r.state === 'zombie') continue;
    // (an execve'd relay: its execve makes the copy (unshare_files), so the chain child comes
    // before it; build.ts orders the sharers of its final table after it)
    const ex = r.execed === true ? s.at('execve', rid) : -1;
    if (ex >= 0) {
      for (const p of f.order) {
        const c = m.creation.get(p.tgid);
        if (c && c.by === `t${rid}` && !creatorThread(c.by, p.leader) && atBirth(p.leader).files === o) s.edge(s.at('task', p.tgid), ex, `${rid} creates ${p.tgid} with CLONE_FILES before its execve copies the fd table they share`, 'FORK-4');
      }
      continue;
    }
    // (a dead leader's own copy is its threads', its stand-in: dead-leader-relay.ts)
    const own = isDeadLeaderRelay(r, true, eff) ? eff(r).files : r.files;
    s.addAt(FILES_UNSHARE, rid, 'other', `${rid} unshares the fd table it passed on`, [rid], () =>
      em.emit({ op: 'unshare', actor: actorOf(rid), flags: ['CLONE_FILES'], why: `${rid} held fd table ${o} and passed it on with CLONE_FILES to the processes that share it; unshare(CLONE_FILES) gives it its own copy, ${own}${own === r.files ? '' : ', which its threads keep after its exit'} (FORK-4, UNSH-1)` }));
    s.edge(s.at('task', rid), s.at(FILES_UNSHARE, rid), `${rid} exists before it unshares its fd table`, 'UNSH-1');
    for (const p of f.order) {
      const c = m.creation.get(p.tgid);
      if (!c || c.by !== `t${rid}` || creatorThread(c.by, p.leader)) continue;
      const fl = atBirth(p.leader).files;
      if (fl === o) s.edge(s.at('task', p.tgid), s.at(FILES_UNSHARE, rid), `${rid} creates ${p.tgid} with CLONE_FILES before its unshare(CLONE_FILES) copies the fd table they share`, 'UNSH-1');
      else if (fl !== null && fl === own) s.edge(s.at(FILES_UNSHARE, rid), s.at('task', p.tgid), `${rid} shares its own fd table with ${p.tgid}, made by its unshare(CLONE_FILES)`, 'FORK-4');
    }
    for (const th of f.procs.get(r.tgid)?.threads ?? []) {
      if (th.files !== null && th.files === own) s.edge(s.at(FILES_UNSHARE, rid), s.at('task', th.pid[0]), `${rid} creates thread ${th.pid[0]}, sharing its own fd table, after its unshare(CLONE_FILES)`, 'FORK-4');
    }
  }
}
