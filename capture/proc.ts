/**
 * Readers for the host's /proc (PROC-1..4 of the kernel-rules doc). Every number read here is in
 * the pid namespace of the procfs mount (the host's); NS* columns go outermost first.
 * All readers return null when the task vanished meanwhile (a race a live capture must accept).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcStatus {
  name: string;
  state: string;
  ppid: number;
  nspid: number[];
  nstgid: number[];
  nspgid: number[];
  nssid: number[];
  sigIgn: bigint;
  sigPnd: bigint;
  shdPnd: bigint;
}

export interface ProcStat {
  state: string;
  ppid: number;
  /** task flags (field 9); PF_FORKNOEXEC = 0x40 */
  flags: number;
  /** field 52: the wait status of a zombie */
  exitCode: number;
}

export const PF_FORKNOEXEC = 0x40;
/** a kernel thread (kthreadd and every thread it starts): created by the kernel, never by a restorer */
export const PF_KTHREAD = 0x00200000;
/** the task is exiting (do_exit): its fd table, fs_struct and mm are being released */
export const PF_EXITING = 0x00000004;

export function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const nums = (s: string | undefined): number[] => (s ? s.trim().split(/\s+/).filter(Boolean).map(Number) : []);

export function readStatus(dir: string): ProcStatus | null {
  const text = readText(`${dir}/status`);
  if (text === null) return null;
  const f = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) f.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const hex = (k: string): bigint => BigInt(`0x${f.get(k) ?? '0'}`);
  return {
    name: f.get('Name') ?? '',
    state: (f.get('State') ?? '?')[0],
    ppid: Number(f.get('PPid') ?? 0),
    nspid: nums(f.get('NSpid')),
    nstgid: nums(f.get('NStgid')),
    nspgid: nums(f.get('NSpgid')),
    nssid: nums(f.get('NSsid')),
    sigIgn: hex('SigIgn'),
    sigPnd: hex('SigPnd'),
    shdPnd: hex('ShdPnd'),
  };
}

/** /proc/PID/stat, parsed after the last ')' (comm may hold spaces and parentheses, PROC-3). */
export function readStat(dir: string): ProcStat | null {
  const text = readText(`${dir}/stat`);
  if (text === null) return null;
  const rest = text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
  // rest[0] is field 3
  return { state: rest[0], ppid: Number(rest[1]), flags: Number(rest[6]), exitCode: Number(rest[49] ?? 0) };
}

/** State letter of a task, or null when it is gone. */
export function taskState(tgid: number, tid: number): string | null {
  const text = readText(`/proc/${tgid}/task/${tid}/stat`);
  if (text === null) return null;
  return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
}

export function listPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

export function listTasks(tgid: number): number[] {
  try {
    return readdirSync(`/proc/${tgid}/task`).filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** Namespace link "type:[inode]" -> inode, or null (zombie, no init yet, EACCES on /proc/1). */
export function nsInode(dir: string, file: string): number | null {
  const r = nsLink(dir, file);
  return 'inode' in r ? r.inode : null;
}

/** Same, with the reason when the link cannot be read (the errno code, e.g. EACCES, ENOENT). */
export function nsLink(dir: string, file: string): { inode: number } | { error: string } {
  try {
    const l = readlinkSync(`${dir}/ns/${file}`);
    const m = /\[(\d+)\]/.exec(l);
    return m ? { inode: Number(m[1]) } : { error: `unexpected link ${l}` };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/** /proc/PID/timens_offsets (offsets of the task's time_for_children ns) in nanoseconds. */
export function readTimensOffsets(dir: string): { monotonic: number; boottime: number } | null {
  const text = readText(`${dir}/timens_offsets`);
  if (text === null) return null;
  const out = { monotonic: 0, boottime: 0 };
  for (const line of text.split('\n')) {
    const [k, s, ns] = line.trim().split(/\s+/);
    if (k === 'monotonic' || k === 'boottime') out[k] = Number(s) * 1e9 + Number(ns);
  }
  return out;
}
