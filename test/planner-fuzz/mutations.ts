/**
 * Seeded random mutations of reachable images (kernel/generator.ts states): each changes one fact
 * the way a damaged or hand-edited image would (a session, a group, a parent, a state, a
 * namespace, a shared object, a missing or duplicated task). The result may be valid, invalid
 * or unrestorable; the planner must answer every one cleanly.
 */
import type { Image, Task } from '../../model/image.js';
import { Prng } from '../../kernel/prng.js';

/** The project's seeded PRNG (kernel/prng.ts, mulberry32) as a function. */
export function prng(seed: number): () => number {
  const p = new Prng(seed);
  return () => p.next();
}

type Mutation = (img: Image, pick: <T>(xs: T[]) => T, rnd: () => number) => string | null;

const ids = (img: Image) => img.tasks.map((t) => t.pid[0]);
const withVec = (t: Task, x: number): number[] => {
  const v = t.pid.slice();
  v[0] = x;
  return v.length > 1 ? v : [x];
};

export const MUTATIONS: Record<string, Mutation> = {
  'sid-to-other-pid': (img, pick) => { const t = pick(img.tasks); const x = pick(ids(img)); t.sid = withVec(t, x).slice(0, t.sid.length); return `task ${t.pid[0]} sid -> ${x}`; },
  'sid-to-dead-number': (img, pick, rnd) => { const t = pick(img.tasks); const x = 5000 + Math.floor(rnd() * 100); t.sid = [x, ...t.sid.slice(1)]; return `task ${t.pid[0]} sid -> ${x}`; },
  'pgid-to-other-pid': (img, pick) => { const t = pick(img.tasks); const x = pick(ids(img)); t.pgid = [x, ...t.pgid.slice(1)]; return `task ${t.pid[0]} pgid -> ${x}`; },
  'pgid-to-sid': (img, pick) => { const t = pick(img.tasks); t.pgid = t.sid.slice(); return `task ${t.pid[0]} pgid -> its sid`; },
  'ppid-to-other': (img, pick) => { const t = pick(img.tasks); const x = pick([0, ...img.tasks.map((u) => u.tgid)]); for (const u of img.tasks) if (u.tgid === t.tgid) u.ppid = x; return `process ${t.tgid} ppid -> ${x}`; },
  'make-zombie': (img, pick) => { const t = pick(img.tasks.filter((u) => u.pid[0] === u.tgid)); if (!t) return null; t.state = 'zombie'; t.exit = { code: 3 }; t.nsproxy = null; return `task ${t.pid[0]} -> zombie`; },
  'revive-zombie': (img, pick) => { const z = img.tasks.filter((u) => u.state === 'zombie'); if (!z.length) return null; const t = pick(z); t.state = 'running'; delete t.exit; t.nsproxy = img.nsproxies[0]?.id ?? null; return `zombie ${t.pid[0]} -> running`; },
  'stop-task': (img, pick) => { const t = pick(img.tasks.filter((u) => u.state === 'running')); if (!t) return null; t.state = 'stopped'; return `task ${t.pid[0]} -> stopped`; },
  'delete-task': (img, pick) => { if (img.tasks.length < 2) return null; const t = pick(img.tasks); img.tasks = img.tasks.filter((u) => u !== t); return `task ${t.pid[0]} deleted`; },
  'duplicate-pid': (img, pick) => { if (img.tasks.length < 2) return null; const a = pick(img.tasks); const b = pick(img.tasks.filter((u) => u !== a)); b.pid = a.pid.slice(); return `task ${b.tgid} pid -> ${a.pid[0]}`; },
  'subreaper-flip': (img, pick) => { const t = pick(img.tasks); t.subreaper = t.subreaper === true ? null : true; return `task ${t.pid[0]} subreaper -> ${t.subreaper}`; },
  'swap-nsproxy': (img, pick) => { const live = img.tasks.filter((u) => u.nsproxy); if (!live.length || img.nsproxies.length < 2) return null; const t = pick(live); t.nsproxy = pick(img.nsproxies).id; return `task ${t.pid[0]} nsproxy -> ${t.nsproxy}`; },
  'swap-userns': (img, pick) => { const users = img.namespaces.filter((n) => n.type === 'user'); const t = pick(img.tasks); t.userns = pick(users).id; return `task ${t.pid[0]} userns -> ${t.userns}`; },
  'share-files': (img, pick) => { if (img.tasks.length < 2) return null; const a = pick(img.tasks); const b = pick(img.tasks); if (!a.files) return null; b.files = a.files; return `task ${b.pid[0]} files shared with ${a.pid[0]}`; },
  'share-fs': (img, pick) => { if (img.tasks.length < 2) return null; const a = pick(img.tasks); const b = pick(img.tasks); if (!a.fs) return null; b.fs = a.fs; return `task ${b.pid[0]} fs shared with ${a.pid[0]}`; },
  'ns-owner': (img, pick) => { const ns = img.namespaces.filter((n) => n.type !== 'user' && n.type !== 'pid' && !n.external); if (!ns.length) return null; const n = pick(ns); n.owner = pick(img.namespaces.filter((m) => m.type === 'user')).id; return `ns ${n.id} owner -> ${n.owner}`; },
  'hostname': (img, pick) => { const ns = img.namespaces.filter((n) => n.type === 'uts' && !n.external); if (!ns.length) return null; const n = pick(ns); n.hostname = 'mutated'; return `uts ${n.id} hostname`; },
  'thread-to-process': (img, pick) => { const th = img.tasks.filter((u) => u.pid[0] !== u.tgid); if (!th.length) return null; const t = pick(th); t.tgid = t.pid[0]; return `thread ${t.pid[0]} -> own process`; },
  'pidns-level': (img, pick) => { const t = pick(img.tasks); const other = pick(img.namespaces.filter((n) => n.type === 'pid')); t.pidns = other.id; return `task ${t.pid[0]} pidns -> ${other.id}`; },
};

/** Apply 1-2 random mutations; returns what was done (empty if none applied). */
export function mutate(img: Image, seed: number): string[] {
  const rnd = prng(seed * 7919 + 17);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const names = Object.keys(MUTATIONS);
  const done: string[] = [];
  const n = rnd() < 0.7 ? 1 : 2;
  for (let k = 0; k < n * 3 && done.length < n; k++) {
    if (img.tasks.length === 0) break;
    const name = pick(names);
    const what = MUTATIONS[name](img, pick, rnd);
    if (what) done.push(`${name}: ${what}`);
  }
  return done;
}
