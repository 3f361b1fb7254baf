/**
 * Differential testing: the same generated history (kernel/generator.ts) on the simulated and on
 * the real kernel. Every op must get the same result and the captured real tree must diff clean
 * against the simulated snapshot. Disagreements the real kernel has shown to be simulator
 * fidelity bugs (see KNOWN) are classified, so a test fails only on a new disagreement; a history
 * stops being compared at its first disagreement (later ops depend on it).
 */
import { generateHistory } from '../../kernel/generator.js';
import { diffImages } from '../../kernel/diff.js';
import type { Op, OpResult } from '../ops.js';
import { runOnRealKernel } from './executor.js';

export interface Known {
  id: string;
  /** what Linux 6.18 does that the simulator does not */
  text: string;
  match: (op: Op, sim: OpResult, real: OpResult, ops: Op[], i: number) => boolean;
}

const errno = (r: OpResult): string => (r.ok ? 'ok' : r.errno);

/** Simulator fidelity bugs found by this harness (reported; the simulator is not ours to change). */
export const KNOWN: Known[] = [
  {
    id: 'NSFD-1.eacces',
    text: 'open(/proc/PID/ns/X) needs ptrace read access to PID: from another (non-ancestor) user ns it fails EACCES before setns runs; the simulator skips that check and reports setns\'s own EPERM (or success)',
    match: (op, s, r) => op.op === 'setns' && !op.pidfd && errno(r) === 'EACCES' && errno(s) !== 'EACCES',
  },
  {
    id: 'NSFD-3.thread',
    text: 'pidfd_open(tid of a non-leader thread, 0) fails ENOENT on 6.18, not EINVAL',
    match: (op, s, r) => op.op === 'setns' && op.pidfd === true && errno(s) === 'EINVAL' && errno(r) === 'ENOENT',
  },
  {
    id: 'SETNS-3.order',
    text: 'setns(pidfd, ...|CLONE_NEWNS) checks capabilities (EPERM) before a shared fs_struct (EINVAL); the simulator checks fs sharing first, or thinks fs is shared where it is not',
    match: (op, s, r) => op.op === 'setns' && op.pidfd === true && (op.nstypes ?? []).includes('mnt') && errno(s) === 'EINVAL',
  },
  {
    id: 'SETNS-7.cgroup',
    text: 'setns into one\'s own cgroup ns still needs CAP_SYS_ADMIN (cgroupns_install checks capabilities before the no-op case): EPERM',
    match: (op, s, r) => op.op === 'setns' && (op.file === 'cgroup' || (op.nstypes ?? []).includes('cgroup')) && errno(s) === 'ok' && errno(r) === 'EPERM',
  },
  {
    id: 'OWN-6.dac',
    text: 'opening /proc/PID/uid_map for writing checks file permissions first: the file is owned by the target\'s euid (root of its mm\'s user ns when not dumpable), mode 0644, so another uid needs CAP_DAC_OVERRIDE: EACCES; the simulator models no file permissions (seen only in histories with credential switches, generateHistory setids)',
    match: (op, s, r) => op.op === 'write-idmap' && errno(r) === 'EACCES' && errno(s) !== 'EACCES',
  },
  {
    id: 'EXIT.exit-signal',
    text: 'a child created with a non-SIGCHLD exit signal (e.g. SIGUSR1) sends it to its parent when it dies; the default action of SIGUSR1 kills the parent, which the simulator does not model',
    match: (_op, s, r, ops, i) => s.ok && !r.ok && r.rule === 'ACTOR-2' && ops.slice(0, i).some((o) => o.op === 'clone' && o.exitSignal !== undefined && o.exitSignal !== 0 && o.exitSignal !== 17),
  },
];

export const KNOWN_DIFFS: Array<{ id: string; text: string; match: (message: string, ops: Op[]) => boolean }> = [
  {
    id: 'EXIT-1.last-thread',
    text: 'when a thread-group leader exit()s before its other threads, the process\'s wait status is the exit code of the LAST thread to exit, not the leader\'s',
    match: (m, ops) => /exit status/.test(m) && ops.some((o) => o.op === 'exit' && !o.group && o.signal === undefined),
  },
  {
    id: 'EXIT.exit-signal',
    text: 'see EXIT.exit-signal (a parent killed by its child\'s exit signal is missing from the real tree)',
    match: (_m, ops) => ops.some((o) => o.op === 'clone' && o.exitSignal !== undefined && o.exitSignal !== 0 && o.exitSignal !== 17),
  },
];

export interface HistoryOutcome {
  seed: number;
  ops: number;
  /** 'same': every op and the tree agree; 'known': first disagreement is a known simulator bug; 'new': anything else */
  verdict: 'same' | 'known' | 'new';
  known?: string;
  detail?: string;
}

export async function compareHistory(seed: number, length: number, gen: { setids?: boolean } = {}): Promise<HistoryOutcome> {
  const h = generateHistory(seed, { ops: length, ...gen });
  const real = await runOnRealKernel(h.ops, { continueOnError: true });
  for (let i = 0; i < h.ops.length; i++) {
    const s = h.results[i];
    const r = real.results[i];
    const same = s.ok === r.ok && (s.ok ? s.value === (r as { value?: number }).value : errno(s) === errno(r));
    if (same) continue;
    const line = `op ${i} ${JSON.stringify(h.ops[i])}: sim ${JSON.stringify(s)}, real ${JSON.stringify(r)}`;
    const k = KNOWN.find((x) => x.match(h.ops[i], s, r, h.ops, i));
    return k ? { seed, ops: h.ops.length, verdict: 'known', known: k.id, detail: line } : { seed, ops: h.ops.length, verdict: 'new', detail: line };
  }
  const diffs = diffImages(h.image, real.snapshot!);
  if (diffs.length === 0) return { seed, ops: h.ops.length, verdict: 'same' };
  const unexplained = diffs.filter((d) => !KNOWN_DIFFS.some((k) => k.match(d.message, h.ops)));
  if (unexplained.length === 0) {
    const k = KNOWN_DIFFS.find((x) => x.match(diffs[0].message, h.ops))!;
    return { seed, ops: h.ops.length, verdict: 'known', known: k.id, detail: diffs[0].message };
  }
  return { seed, ops: h.ops.length, verdict: 'new', detail: unexplained.slice(0, 3).map((d) => d.message).join('; ') };
}
