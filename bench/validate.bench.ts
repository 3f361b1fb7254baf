/**
 * `npm run bench -- validate`: generates consistent synthetic images of 1k, 10k and 100k tasks
 * (sessions, groups, threads, nested pid namespaces) and times JSON parse + schema check (load),
 * index + all rules (validate) and the text size. Validation must stay near-linear.
 */
import type { Image, Task } from '../model/image.js';
import { parseImage } from '../model/load.js';
import { validateImage } from '../model/validate.js';

/** A consistent image with about `n` tasks. Deterministic. */
export function syntheticImage(n: number): Image {
  const tasks: Task[] = [];
  const namespaces: Image['namespaces'] = [
    { id: 'user0', type: 'user', external: true, level: 0 },
    { id: 'pidC', type: 'pid', level: 0, owner: 'user0' },
    ...(['uts', 'ipc', 'mnt', 'net', 'cgroup', 'time'] as const).map((type) => ({ id: `${type}0`, type, owner: 'user0' })),
  ];
  const nsproxies: Image['nsproxies'] = [{ id: 'nsp0', uts: 'uts0', ipc: 'ipc0', mnt: 'mnt0', net: 'net0', cgroup: 'cgroup0', pidForChildren: 'pidC', time: 'time0', timeForChildren: 'time0' }];
  const base = (pid: number[], tgid: number, ppid: number, sid: number[], pgid: number[], pidns = 'pidC', nsproxy = 'nsp0'): Task => ({
    pid, tgid, ppid, pgid, sid, state: 'running', subreaper: false, pidns, userns: 'user0', nsproxy,
    files: `f${tgid}`, fs: `fs${tgid}`, sighand: `s${tgid}`, mm: `m${tgid}`,
  });
  tasks.push(base([1], 1, 0, [1], [1]));
  let next = 2;
  // processes: a random-ish tree (parent = an earlier process), every 10th a session leader, every 4th a group leader
  const procs: Array<{ pid: number; sid: number; pgid: number }> = [{ pid: 1, sid: 1, pgid: 1 }];
  let nestedNs = 0;
  while (tasks.length < n) {
    const parent = procs[Math.floor((procs.length * ((next * 2654435761) % 1000)) / 1000)];
    const pid = next++;
    if (pid % 997 === 0 && tasks.length + 60 < n) {
      // a nested pid namespace: init + 50 children
      const id = `pidN${++nestedNs}`;
      namespaces.push({ id, type: 'pid', parent: 'pidC', level: 1, owner: 'user0' });
      nsproxies.push({ ...nsproxies[0], id: `nsp-${id}`, pidForChildren: id });
      tasks.push(base([pid, 1], pid, parent.pid, [pid, 1], [pid, 1], id, `nsp-${id}`));
      for (let j = 2; j <= 51; j++) {
        const c = next++;
        tasks.push(base([c, j], c, pid, [pid, 1], [pid, 1], id, `nsp-${id}`));
      }
      continue;
    }
    let sid = parent.sid;
    let pgid = parent.pgid;
    if (pid % 10 === 0) { sid = pid; pgid = pid; } else if (pid % 4 === 0) pgid = pid;
    tasks.push(base([pid], pid, parent.pid, [sid], [pgid]));
    procs.push({ pid, sid, pgid });
    if (pid % 20 === 1) {
      for (let k = 0; k < 3; k++) {
        const tid = next++;
        tasks.push({ ...base([tid], pid, parent.pid, [sid], [pgid]), files: `f${pid}`, fs: `fs${pid}`, sighand: `s${pid}`, mm: `m${pid}` });
      }
    }
  }
  return { format: 'crplan-image/1', description: `synthetic, ${tasks.length} tasks`, source: { kind: 'generated', origin: `bench n=${n}` }, tasks, nsproxies, namespaces };
}

export default async function bench(): Promise<void> {
  const rows: string[] = [];
  // wall time and CPU time (user+system of this process): on a shared, loaded machine the CPU
  // time is the fairer measure of the work done
  rows.push('tasks     JSON MB  load ms  validate ms  total ms  total CPU ms  findings');
  for (const n of [1_000, 10_000, 100_000]) {
    const text = JSON.stringify(syntheticImage(n));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const image = parseImage(text, `synthetic-${n}.json`);
    const t1 = performance.now();
    const findings = validateImage(image);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    rows.push(`${String(image.tasks.length).padEnd(9)} ${(text.length / 1e6).toFixed(1).padStart(7)}  ${(t1 - t0).toFixed(0).padStart(7)}  ${(t2 - t1).toFixed(0).padStart(11)}  ${(t2 - t0).toFixed(0).padStart(8)}  ${((c.user + c.system) / 1000).toFixed(0).padStart(12)}  ${findings.length}`);
    if (findings.length) rows.push(`  unexpected: ${findings.slice(0, 3).map((f) => `${f.code} ${f.message}`).join('; ')}`);
  }
  console.log(rows.join('\n'));
}
