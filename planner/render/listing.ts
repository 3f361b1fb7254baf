/**
 * The readable plan listing: one line per operation (index, actor, the call as a C programmer
 * would write it, and why), then the helpers and a summary (tasks, helpers, operations, solver
 * status per component, verified). O(operations).
 */
import type { Op, CloneFlag } from '../../executor/ops.js';
import type { IdMapEntry } from '../../model/image.js';
import type { Plan } from '../plan.js';

const SIGNAL_NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE',
  9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
  16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP', 20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU',
  23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ', 26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO',
  30: 'SIGPWR', 31: 'SIGSYS',
};

/** SIGTERM, SIGRTMIN+3, or the bare number when outside 1..64. */
export function signalName(n: number): string {
  if (SIGNAL_NAMES[n]) return SIGNAL_NAMES[n];
  if (n >= 34 && n <= 64) return n === 34 ? 'SIGRTMIN' : `SIGRTMIN+${n - 34}`;
  return String(n);
}

const NS_FLAG: Record<string, string> = {
  uts: 'CLONE_NEWUTS', ipc: 'CLONE_NEWIPC', mnt: 'CLONE_NEWNS', net: 'CLONE_NEWNET', pid: 'CLONE_NEWPID',
  user: 'CLONE_NEWUSER', cgroup: 'CLONE_NEWCGROUP', time: 'CLONE_NEWTIME',
  pid_for_children: 'CLONE_NEWPID', time_for_children: 'CLONE_NEWTIME',
};

const flagsC = (flags: CloneFlag[] | string[]): string => (flags.length ? flags.join(' | ') : '0');
const str = (s: string): string => JSON.stringify(s);
const idmap = (m: IdMapEntry[]): string => str(m.map((e) => `${e.inside} ${e.outside} ${e.count}`).join('\n'));

/** The operation as a C call, e.g. `t3 = clone3({.flags = CLONE_PARENT, .set_tid = {3}})` (set_tid_size implied). */
export function formatCall(op: Op): string {
  switch (op.op) {
    case 'clone': {
      if (op.legacy) {
        const sig = op.flags.includes('CLONE_THREAD') ? '' : ` | ${signalName(op.exitSignal ?? 17)}`;
        return op.flags.length === 0 && (op.exitSignal ?? 17) === 17
          ? `${op.child} = fork()`
          : `${op.child} = clone(${flagsC(op.flags)}${sig})`;
      }
      // designated initializers as in C: omitted fields are 0 (so exit_signal 0 is simply absent)
      const parts: string[] = [];
      if (op.flags.length) parts.push(`.flags = ${flagsC(op.flags)}`);
      const es = op.exitSignal ?? (op.flags.includes('CLONE_THREAD') || op.flags.includes('CLONE_PARENT') ? 0 : 17);
      if (es !== 0) parts.push(`.exit_signal = ${signalName(es)}`);
      if (op.setTid?.length) parts.push(`.set_tid = {${op.setTid.join(', ')}}`);
      return `${op.child} = clone3({${parts.join(', ')}})`;
    }
    case 'setsid':
      return 'setsid()';
    case 'setpgid':
      return `setpgid(${op.pid}, ${op.pgid})`;
    case 'unshare':
      return `unshare(${flagsC(op.flags)})`;
    case 'setns': {
      if (op.pidfd) {
        const kinds = (op.nstypes ?? []).map((k) => NS_FLAG[k] ?? k);
        return `setns(pidfd_open(${op.target}), ${flagsC(kinds)})`;
      }
      const file = op.file ?? 'pid';
      return `setns(open("/proc/${op.target}/ns/${file}"), ${NS_FLAG[file] ?? '0'})`;
    }
    case 'subreaper':
      return `prctl(PR_SET_CHILD_SUBREAPER, ${op.value ? 1 : 0})`;
    case 'set-dumpable':
      return `prctl(PR_SET_DUMPABLE, ${op.value ? 1 : 0})`;
    case 'sethostname': {
      const h = `sethostname(${str(op.hostname)}, ${Buffer.byteLength(op.hostname)})`;
      return op.domainname === undefined ? h : `${h}; setdomainname(${str(op.domainname)}, ${Buffer.byteLength(op.domainname)})`;
    }
    case 'write-idmap':
      return `write("/proc/${op.target}/uid_map", ${idmap(op.uidMap)}); write("/proc/${op.target}/gid_map", ${idmap(op.gidMap)})`;
    case 'write-timens-offsets':
      return `write("/proc/${op.thread ? '<tid>' : 'self'}/timens_offsets", ${str(`monotonic ${op.monotonic}\nboottime ${op.boottime}`)})`;
    case 'write-ns-last-pid':
      return `write("/proc/sys/kernel/ns_last_pid", "${op.value}")`;
    case 'setresuid':
      return `setgroups(0, NULL); setresgid(${op.gid}, ${op.gid}, ${op.gid}); setresuid(${op.uid}, ${op.uid}, ${op.uid}); prctl(PR_SET_DUMPABLE, 1)`;
    case 'sigchld-ignore':
      return `signal(SIGCHLD, ${op.value ? 'SIG_IGN' : 'SIG_DFL'})`;
    case 'execve':
      return 'execve(self)';
    case 'exit': {
      if (op.signal !== undefined) return `kill(getpid(), ${signalName(op.signal)})${op.core ? ' /* core dumped */' : ''}`;
      return `${op.group ? 'exit_group' : 'exit'}(${op.code ?? 0})`;
    }
    case 'wait':
      return `waitpid(${op.pid}, &status, __WALL${op.nohang ? ' | WNOHANG' : ''})`;
    case 'stop':
      return `kill(${op.target !== undefined ? `pid of ${op.target}` : 'getpid()'}, ${signalName(op.signal ?? 19)})`;
    default: {
      const never: never = op;
      return JSON.stringify(never);
    }
  }
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** One listing line: `  12  t4    setpgid(0, 15)    # why`. */
export function formatOpLine(op: Op, index: number, widths = { index: 3, actor: 6, call: 40 }): string {
  const call = formatCall(op);
  const head = `${String(index).padStart(widths.index)}  ${pad(op.actor, widths.actor)}  ${pad(call, widths.call)}`;
  return op.why ? `${head}  # ${op.why}` : head.trimEnd();
}

/** Per-component solver status, one line each. */
export function formatSolver(plan: Plan): string[] {
  return plan.summary.solver.map((c) => {
    const bits = [`${c.method}`, c.optimal ? 'optimal' : 'not proven optimal'];
    if (c.objective !== undefined) bits.push(`objective ${c.objective}`);
    if (c.bound !== undefined) bits.push(`LP bound ${c.bound}${c.objective !== undefined ? `, gap ${Math.max(0, c.objective - c.bound)}` : ''}`);
    if (c.millis !== undefined) bits.push(`${c.millis} ms`);
    return `  ${pad(c.id, 18)} ${bits.join(', ')}`;
  });
}

/** The full listing: header, op lines, helpers, summary. */
export function renderListing(plan: Plan, opts: { title?: string } = {}): string {
  const out: string[] = [];
  const title = opts.title ?? plan.image.description ?? 'image';
  out.push(`plan for ${title} (${plan.format}, image sha256 ${plan.image.sha256.slice(0, 12)})`);
  const widths = {
    index: String(Math.max(0, plan.ops.length - 1)).length,
    actor: Math.min(12, Math.max(5, ...plan.ops.map((o) => o.actor.length))),
    call: Math.min(56, Math.max(10, ...plan.ops.map((o) => formatCall(o).length))),
  };
  out.push(`${pad('#', widths.index)}  ${pad('actor', widths.actor)}  ${pad('call', widths.call)}  # why`);
  plan.ops.forEach((op, i) => out.push(formatOpLine(op, i, widths)));
  if (plan.helpers.length > 0) {
    out.push('', 'helpers (tasks the plan creates that are not in the image; none outlives the restore):');
    for (const h of plan.helpers) {
      out.push(`  ${pad(h.name, 6)} ${pad(h.role, 15)} ${h.pid ? `pid ${h.pid.join('/')}  ` : ''}${h.why}`);
    }
  }
  out.push('', ...renderSummary(plan));
  return `${out.join('\n')}\n`;
}

/** Summary lines: counts, helper roles, solver status, verification. */
export function renderSummary(plan: Plan): string[] {
  const s = plan.summary;
  const roles = new Map<string, number>();
  for (const h of plan.helpers) roles.set(h.role, (roles.get(h.role) ?? 0) + 1);
  const roleText = roles.size ? ` (${[...roles].map(([r, n]) => `${n} ${r}`).join(', ')})` : '';
  const kinds = new Map<string, number>();
  for (const op of plan.ops) kinds.set(op.op, (kinds.get(op.op) ?? 0) + 1);
  return [
    'summary:',
    `  tasks       ${s.tasks}`,
    `  helpers     ${s.helpers}${roleText}`,
    `  operations  ${s.operations}${kinds.size ? ` (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}`,
    '  solver:',
    ...formatSolver(plan).map((l) => `  ${l}`),
    `  verified    ${s.verified ? 'yes: replayed on the simulated kernel, snapshot identical to the image' : 'NO: not replayed on the simulated kernel'}`,
  ];
}
