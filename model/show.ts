/**
 * A readable view of an image for `crplan show`: the process tree indented by parent, with pids
 * per level, sessions and groups, states, and the namespace picture (which tasks share which
 * nsproxy and namespace, the user-ns ownership tree, pid-ns nesting). O(n) plus sorting.
 */
import type { Task } from './image.js';
import { NSPROXY_SLOTS } from './image.js';
import { buildIndex, namespaceUsers, type ImageIndex, type NsInfo, type ProcessInfo } from './indexes.js';

function stateText(t: Task): string {
  if (t.state === 'zombie') {
    const e = t.exit ?? {};
    return e.signal !== undefined ? `zombie (killed by signal ${e.signal}${e.core ? ', core' : ''})` : `zombie (exit ${e.code})`;
  }
  if (t.state === 'stopped') return `stopped (signal ${t.stopSignal ?? 19})`;
  if (t.state === 'dead') return 'dead leader';
  return 'running';
}

function pidText(v: number[]): string {
  return v.length === 1 ? String(v[0]) : `${v[0]} [${v.join(' ')}]`;
}

function procLine(ix: ImageIndex, p: ProcessInfo): string {
  const t = p.rep.task;
  const marks: string[] = [];
  if (t.sid[0] === p.tgid) marks.push('session leader');
  else if (t.pgid[0] === p.tgid) marks.push('group leader');
  if (t.subreaper) marks.push('subreaper');
  if (ix.pidns.get(t.pidns)?.inits.includes(p.rep)) marks.push(`init of ${t.pidns}`);
  const np = t.nsproxy ?? '-';
  return `${pidText(t.pid)}${t.comm ? ` ${t.comm}` : ''}  ${stateText(t)}  sid ${pidText(t.sid)} pgid ${pidText(t.pgid)}` +
    `  pidns ${t.pidns} userns ${t.userns ?? '?'} nsproxy ${np}${marks.length ? `  <${marks.join(', ')}>` : ''}`;
}

export function renderShow(image: import('./image.js').Image, file: string): string {
  const ix = buildIndex(image);
  const out: string[] = [];
  out.push(`${file}: ${image.tasks.length} task(s), ${ix.processes.size} process(es), ${ix.sessions.size} session(s), ${ix.groups.size} group(s), ${image.namespaces.length} namespace(s), ${image.nsproxies.length} nsproxy(ies)`);
  if (image.description) out.push(`  ${image.description}`);

  out.push('', 'Processes (indented by parent; "a [x y]" = level-0 pid a, per-level pids x y outermost first):');
  const seen = new Set<number>();
  const roots = [...ix.processes.values()].filter((p) => p.rep.task.ppid === 0 || !ix.processes.has(p.rep.task.ppid));
  const walk = (start: ProcessInfo) => {
    const stack: Array<{ p: ProcessInfo; depth: number }> = [{ p: start, depth: 1 }];
    while (stack.length) {
      const { p, depth } = stack.pop()!;
      if (seen.has(p.tgid)) continue;
      seen.add(p.tgid);
      const pad = '  '.repeat(depth);
      out.push(`${pad}${procLine(ix, p)}`);
      for (const th of p.threads) {
        if (th === p.rep) continue;
        const t = th.task;
        out.push(`${pad}  ~ thread ${pidText(t.pid)}${t.comm ? ` ${t.comm}` : ''}  ${stateText(t)}  nsproxy ${t.nsproxy ?? '-'}`);
      }
      const kids = p.children.map((c) => ix.processes.get(c)!);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ p: kids[i], depth: depth + 1 });
    }
  };
  for (const r of roots) walk(r);
  const rest = [...ix.processes.values()].filter((p) => !seen.has(p.tgid));
  if (rest.length) {
    out.push('  (in a parent cycle:)');
    for (const r of rest) walk(r);
  }

  out.push('', 'Sessions and groups (level-0 ids; "(gone)" = leader not in the image):');
  for (const [sid, members] of [...ix.sessions].sort((a, b) => a[0] - b[0])) {
    const leader = ix.processes.get(sid);
    out.push(`  session ${sid}${leader ? '' : ' (gone)'}:`);
    const groups = new Map<number, number[]>();
    for (const m of members) {
      const g = ix.processes.get(m)!.rep.task.pgid[0];
      groups.set(g, [...(groups.get(g) ?? []), m]);
    }
    for (const [g, ms] of [...groups].sort((a, b) => a[0] - b[0])) {
      out.push(`    group ${g}${ix.processes.has(g) ? '' : ' (gone)'}: ${ms.join(' ')}`);
    }
  }

  const tree = (title: string, m: Map<string, NsInfo>, extra: (i: NsInfo) => string) => {
    out.push('', title);
    const rec = (id: string, depth: number, guard: Set<string>) => {
      const info = m.get(id);
      if (!info || guard.has(id)) return;
      guard.add(id);
      out.push(`${'  '.repeat(depth)}${id} (level ${info.depth ?? info.ns.level ?? '?'}${info.ns.external ? ', external' : ''})${extra(info)}`);
      for (const c of info.children) rec(c, depth + 1, guard);
    };
    const guard = new Set<string>();
    for (const [id, info] of m) if (info.ns.parent == null || !m.has(info.ns.parent)) rec(id, 1, guard);
    for (const id of m.keys()) if (!guard.has(id)) out.push(`  ${id} (in a parent cycle)`);
  };
  const owned = new Map<string, string[]>();
  for (const info of ix.namespaces.values()) {
    if (info.ns.owner) owned.set(info.ns.owner, [...(owned.get(info.ns.owner) ?? []), `${info.ns.type}:${info.ns.id}`]);
  }
  tree('User namespaces (tree = parent/owner; owns = namespaces it owns):', ix.userns, (i) => {
    const maps = i.ns.uidMap?.length ? `  uid ${i.ns.uidMap.map((e) => `${e.inside}->${e.outside} x${e.count}`).join(', ')}` : '';
    const o = owned.get(i.ns.id);
    return `${maps}${o ? `  owns ${o.join(' ')}` : ''}`;
  });
  tree('Pid namespaces (nesting):', ix.pidns as Map<string, NsInfo>, (i) => {
    const p = ix.pidns.get(i.ns.id)!;
    const init = p.inits[0];
    const pending = [...ix.nsproxies.values()].filter((n) => n.np.pidForChildren === i.ns.id && n.users.some((u) => u.task.pidns !== i.ns.id));
    return `  owner ${i.ns.owner ?? '?'}  ${p.members.length} task(s)${init ? `, init ${init.task.pid[0]}` : ''}` +
      `${pending.length ? `  pid_for_children of ${pending.flatMap((n) => n.users.filter((u) => u.task.pidns !== i.ns.id).map((u) => u.task.pid[0])).join(' ')}` : ''}`;
  });

  out.push('', 'Nsproxies (tasks sharing each):');
  for (const [id, n] of ix.nsproxies) {
    const slots = NSPROXY_SLOTS.map((s) => `${s}=${n.np[s]}`).join(' ');
    out.push(`  ${id}: tasks ${n.users.map((u) => u.task.pid[0]).join(' ') || '(none)'}`);
    out.push(`      ${slots}`);
  }
  const nsUsers = namespaceUsers(ix);
  out.push('', 'Other namespaces (tasks using each):');
  for (const info of ix.namespaces.values()) {
    if (info.ns.type === 'pid' || info.ns.type === 'user') continue;
    const users = nsUsers.get(info.ns.id) ?? [];
    const detail = info.ns.type === 'uts' && info.ns.hostname !== undefined ? `  hostname ${JSON.stringify(info.ns.hostname)}`
      : info.ns.type === 'time' && info.ns.offsets ? `  offsets monotonic ${info.ns.offsets.monotonic} boottime ${info.ns.offsets.boottime}` : '';
    out.push(`  ${info.ns.type} ${info.ns.id}${info.ns.external ? ' (external)' : ''}  owner ${info.ns.owner ?? '?'}  tasks ${users.map((u) => u.task.pid[0]).join(' ') || '(none)'}${detail}`);
  }
  const shared = (f: 'files' | 'fs' | 'sighand' | 'mm') => {
    const m = new Map<string, number[]>();
    for (const p of ix.processes.values()) {
      const id = p.rep.task[f];
      if (id !== null) m.set(id, [...(m.get(id) ?? []), p.tgid]);
    }
    return [...m].filter(([, ps]) => ps.length > 1).map(([id, ps]) => `${f} ${id}: processes ${ps.join(' ')}`);
  };
  const sh = [...shared('files'), ...shared('fs'), ...shared('sighand'), ...shared('mm')];
  out.push('', 'Clone-time sharing between processes:', ...(sh.length ? sh.map((s) => `  ${s}`) : ['  (none)']));
  return out.join('\n');
}
