/**
 * `npm run bench -- criu`: writes synthetic binary CRIU dumps of 100, 1k and 10k processes (every
 * 5th a session leader, every 3rd a group leader, every 7th with two extra threads, host pid
 * namespace) and times `importCriuDir` (read + decode + map). The import must stay linear.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCriuDir } from '../criu/import.js';
import { IMG_COMMON_MAGIC, TYPE_MAGIC, type ImageKind } from '../criu/messages.js';

function varint(n: number, out: number[]): void {
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}
/** A message from [field, value] pairs: numbers as varints, byte arrays as length-delimited. */
function msg(fields: Array<[number, number | number[]]>): number[] {
  const out: number[] = [];
  for (const [f, v] of fields) {
    if (typeof v === 'number') { varint(f * 8, out); varint(v, out); } else { varint(f * 8 + 2, out); varint(v.length, out); out.push(...v); }
  }
  return out;
}
function image(kind: ImageKind, entries: number[][]): Buffer {
  const head: number[] = [];
  const w = (x: number) => head.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
  if (kind !== 'inventory') w(IMG_COMMON_MAGIC);
  w(TYPE_MAGIC[kind]);
  for (const e of entries) { w(e.length); head.push(...e); }
  return Buffer.from(head);
}
const IDS = (vm: number) => msg([[1, vm], [2, vm], [3, vm], [4, vm], [5, 1], [6, 2], [7, 3], [8, 4], [9, 6], [10, 7], [11, 8], [12, 5]]);

function writeDump(dir: string, n: number): number {
  const ps: number[][] = [];
  let files = 0;
  const put = (name: string, b: Buffer) => { writeFileSync(join(dir, name), b); files++; };
  let tid = n + 1000;
  for (let p = 1; p <= n; p++) {
    const pid = 1000 + p;
    const parent = p === 1 ? 0 : 1000 + Math.max(1, Math.floor(p / 2));
    const sid = p === 1 || p % 5 === 0 ? pid : 1001;
    const pgid = p % 3 === 0 || sid === pid ? pid : sid;
    const threads = p % 7 === 0 ? [pid, ++tid + n, ++tid + n] : [pid];
    ps.push(msg([[1, pid], [2, parent], [3, pgid], [4, sid], ...threads.map((t): [number, number] => [5, t])]));
    const comm = [...Buffer.from('bench')];
    put(`core-${pid}.img`, image('core', [msg([[1, 1], [3, msg([[1, 1], [2, 0], [4, 0x400000], [6, comm], [18, 0]])]])]));
    for (const t of threads.slice(1)) put(`core-${t}.img`, image('core', [msg([[1, 1]])]));
    put(`ids-${pid}.img`, image('ids', [IDS(p + 1)]));
  }
  put('pstree.img', image('pstree', ps));
  put('inventory.img', image('inventory', [msg([[1, 2], [3, IDS(1)]])]));
  return files;
}

export default async function bench(): Promise<void> {
  console.log('processes  tasks   files   write ms  import ms  us/process');
  for (const n of [100, 1000, 10000]) {
    const dir = mkdtempSync(join(tmpdir(), 'crplan-criu-bench-'));
    try {
      let t0 = performance.now();
      const files = writeDump(dir, n);
      const write = performance.now() - t0;
      t0 = performance.now();
      const { image } = importCriuDir(dir);
      const ms = performance.now() - t0;
      console.log(`${String(n).padStart(9)}  ${String(image.tasks.length).padStart(5)}  ${String(files).padStart(6)}  ${write.toFixed(0).padStart(8)}  ${ms.toFixed(0).padStart(9)}  ${((ms * 1000) / n).toFixed(0).padStart(10)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
