export const v = (x) => (Array.isArray(x) ? x : [x]);
export function hostNamespaces(extra = {}) {
  return [
    { id: 'user0', type: 'user', external: true, level: 0, uidMap: [{ inside: 0, outside: 0, count: 4294967295 }], gidMap: [{ inside: 0, outside: 0, count: 4294967295 }] },
    { id: 'pid0', type: 'pid', external: true, level: 0, owner: 'user0', ...(extra.pid0 ?? {}) },
    { id: 'uts0', type: 'uts', external: true, owner: 'user0', hostname: extra.hostname ?? 'host', domainname: '(none)' },
    { id: 'ipc0', type: 'ipc', external: true, owner: 'user0' },
    { id: 'mnt0', type: 'mnt', external: true, owner: 'user0' },
    { id: 'net0', type: 'net', external: true, owner: 'user0' },
    { id: 'cgroup0', type: 'cgroup', external: true, owner: 'user0' },
    { id: 'time0', type: 'time', external: true, owner: 'user0', offsets: { monotonic: 0, boottime: 0 } },
  ];
}
export function nsproxy(id, o = {}) {
  return { id, uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', pidForChildren: 'pid0', time: 'time0', timeForChildren: 'time0', ...o };
}
/** t(pid, ppid, sid, pgid, opts) */
export function t(pid, ppid, sid, pgid, o = {}) {
  const p = v(pid);
  const tgid = o.tgid ?? p[0];
  const zombie = o.state === 'zombie';
  const dead = o.state === 'dead';
  const base = {
    pid: p, tgid, ppid, pgid: v(pgid), sid: v(sid), state: 'running',
    subreaper: false, pidns: 'pid0', userns: 'user0', nsproxy: 'nsp0',
    files: `files-${tgid}`, fs: `fs-${tgid}`, sighand: `sighand-${tgid}`, mm: `mm-${tgid}`,
  };
  const out = { ...base, ...o };
  delete out.tgid; out.tgid = tgid;
  if (zombie || dead) {
    out.nsproxy = null; out.files = null; out.fs = null; out.mm = null;
    if (zombie) out.sighand = null;
    for (const k of ['nsproxy', 'files', 'fs', 'mm', 'sighand']) if (k in o) out[k] = o[k];
  }
  // stable key order
  const order = ['pid', 'tgid', 'ppid', 'pgid', 'sid', 'state', 'exit', 'stopSignal', 'subreaper', 'comm', 'execed', 'ignoresSigchld', 'pidns', 'userns', 'nsproxy', 'files', 'fs', 'sighand', 'mm'];
  const sorted = {};
  for (const k of order) if (k in out) sorted[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in sorted)) sorted[k] = out[k];
  return sorted;
}
export function image(description, tasks, nsproxies, namespaces, source = { kind: 'hand' }) {
  return { format: 'crplan-image/1', description, source, tasks, nsproxies, namespaces };
}
/** compact JSON: one task/ns/nsproxy per line */
export function dump(img) {
  const line = (x) => JSON.stringify(x).replace(/,"/g, ', "').replace(/":/g, '": ');
  const arr = (name, xs) => `  "${name}": [\n${xs.map((x) => `    ${line(x)}`).join(',\n')}\n  ]`;
  return `{\n  "format": "crplan-image/1",\n  "description": ${JSON.stringify(img.description)},\n  "source": ${line(img.source)},\n${arr('tasks', img.tasks)},\n${arr('nsproxies', img.nsproxies)},\n${arr('namespaces', img.namespaces)}\n}\n`;
}
