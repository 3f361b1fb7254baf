/**
 * The op list that `crplan-agent play` reads (agent/agent.c, section "play"): a verified plan as
 * readable lines, one operation a line in plan order, in the vocabulary of executor/ops.ts, each
 * with the result the plan expects:
 *
 *   actor t100 task 100
 *   actor h1 helper group-ghost
 *   0 root clone child=t100 setTid=100 -> 100  # its parent forks it ...
 *   1 t100 setsid -> 100  # 100 leads session 100 (SID-2)
 *
 * Fields are `key=value` (names as in ops.ts) or a bare word for a true boolean (`legacy`,
 * `pidfd`, `group`, `core`, `nohang`); lists are comma-separated, clone flags `|`-separated, id
 * maps `IN:OUT:COUNT,...`; strings are quoted, with bytes outside `!`..`~` and `"`, `#`, `\`
 * written as `\xHH`. `-> VALUE` is the value the simulated kernel returned for the op (a clone's
 * pid in the caller's pid ns, setsid's sid, setpgid's 0, the pid a wait reaps): the agent runs in
 * the same fresh environment as the real executor, whose results the differential tests hold
 * equal to the simulator's, so any other value means the restore went astray.
 */
import type { Op, OpResult } from '../executor/ops.js';
import type { Plan } from '../planner/plan.js';
import type { KernelProfile } from '../kernel/profile.js';
import { OpRunner } from '../kernel/runner.js';
import { CrplanError } from '../model/errors.js';

/** The result of every op of the plan on the simulated kernel; throws if one fails. */
export function expectedResults(plan: Plan, profile?: KernelProfile): OpResult[] {
  const runner = new OpRunner(profile);
  return plan.ops.map((op, i) => {
    const r = runner.run(op);
    if (!r.ok) throw new CrplanError(`the plan fails on the simulated kernel at step ${i} (${op.op} by ${op.actor}): ${r.errno}${r.rule ? ` (${r.rule})` : ''}; no script`, 1);
    return r;
  });
}

/** A string field: quoted, with unsafe bytes as \xHH. */
export function playString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    const safe = b > 0x20 && b < 0x7f && b !== 0x22 && b !== 0x23 && b !== 0x5c;
    out += safe ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

const NAME = /^[A-Za-z0-9_.:+@%-]+$/;

/** An actor name as the agent reads it: one word, not the expectation arrow. */
function name(n: string): string {
  if (!NAME.test(n) || n === '->') throw new CrplanError(`actor name ${JSON.stringify(n)} cannot be written in an op list (letters, digits and _.:+@%- only)`, 1);
  return n;
}

function idMap(m: { inside: number; outside: number; count: number }[]): string {
  return m.map((e) => `${e.inside}:${e.outside}:${e.count}`).join(',');
}

function integer(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new CrplanError(`${what} ${n} is not an integer the agent can read`, 1);
  return String(n);
}

/** The fields of one op, after its step, actor and kind. */
function fields(op: Op): string[] {
  switch (op.op) {
    case 'clone': {
      const f = [`child=${name(op.child)}`];
      if (op.flags.length) f.push(`flags=${op.flags.join('|')}`);
      if (op.setTid?.length) f.push(`setTid=${op.setTid.join(',')}`);
      if (op.exitSignal !== undefined) f.push(`exitSignal=${op.exitSignal}`);
      if (op.legacy) f.push('legacy');
      return f;
    }
    case 'setsid': case 'execve': return [];
    case 'setpgid': return [`pid=${op.pid}`, `pgid=${op.pgid}`];
    case 'unshare': return [`flags=${op.flags.join('|')}`];
    case 'setns':
      return op.pidfd ? [`target=${name(op.target)}`, 'pidfd', `nstypes=${(op.nstypes ?? []).join(',')}`] : [`target=${name(op.target)}`, `file=${op.file ?? ''}`];
    case 'subreaper': case 'set-dumpable': case 'sigchld-ignore': return [`value=${op.value ? 1 : 0}`];
    case 'sethostname': return [`hostname=${playString(op.hostname)}`, ...(op.domainname !== undefined ? [`domainname=${playString(op.domainname)}`] : [])];
    case 'write-idmap': return [`target=${name(op.target)}`, `uidMap=${idMap(op.uidMap)}`, `gidMap=${idMap(op.gidMap)}`];
    case 'write-timens-offsets': return [`monotonic=${integer(op.monotonic, 'monotonic offset')}`, `boottime=${integer(op.boottime, 'boottime offset')}`, ...(op.thread ? ['thread'] : [])];
    case 'write-ns-last-pid': return [`value=${op.value}`];
    case 'setresuid': return [`uid=${op.uid}`, `gid=${op.gid}`];
    case 'exit':
      return [...(op.group ? ['group'] : []), ...(op.signal !== undefined ? [`signal=${op.signal}`, ...(op.core ? ['core'] : [])] : [`code=${op.code ?? 0}`])];
    case 'wait': return [`pid=${op.pid}`, ...(op.nohang ? ['nohang'] : [])];
    case 'stop': return [...(op.signal !== undefined ? [`signal=${op.signal}`] : []), ...(op.target !== undefined ? [`target=${name(op.target)}`] : [])];
  }
}

/** One op line: `STEP ACTOR OP FIELD... [-> VALUE]  # why`. */
export function playOpLine(op: Op, step: number, expect?: OpResult): string {
  const words = [String(step), name(op.actor), op.op, ...fields(op)];
  if (expect?.ok && expect.value !== undefined) words.push('->', String(expect.value));
  const why = op.why ? `  # ${op.why.replace(/\s+/g, ' ').trim()}` : '';
  return `${words.join(' ')}${why}`;
}

/** The whole list: who is who, then the steps. */
export function playList(plan: Plan, expected: OpResult[]): string[] {
  const lines = ['# STEP ACTOR OP FIELD... -> the value the plan expects  # why'];
  for (const [tid, actor] of Object.entries(plan.actors)) lines.push(`actor ${name(actor)} task ${tid}`);
  for (const h of plan.helpers) lines.push(`actor ${name(h.name)} helper ${h.role}`);
  plan.ops.forEach((op, i) => lines.push(playOpLine(op, i, expected[i])));
  return lines;
}
