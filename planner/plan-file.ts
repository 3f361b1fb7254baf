/**
 * Plan files (format `crplan-plan/1`, docs/plan-format.md): reading with one-line errors that name
 * the file, the JSON path and the rule broken; writing atomically. Validation is structural (the
 * shape of every field and every op of the vocabulary in executor/ops.ts); whether the ops make
 * sense is the simulated kernel's business (`crplan simulate`). O(size of the file).
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../model/errors.js';
import { writeFileAtomic } from '../cli/io.js';
import { CLONE_FLAG_VALUES, type Op } from '../executor/ops.js';
import { NS_TYPES } from '../model/image.js';
import { PLAN_FORMAT, type Plan } from './plan.js';
import { findSyntaxError, formatPath, PathLocator } from '../model/jsontext.js';

type Path = Array<string | number>;

/** `$.ops[3].flags[0]` */
export const jsonPath = (path: Path): string => formatPath(path);

class Bad extends Error {
  constructor(readonly path: Path, readonly detail: string) {
    super(detail);
  }
}

const HELPER_ROLES = new Set(['session-ghost', 'group-ghost', 'reparent-helper', 'ns-holder', 'pidns-init', 'pidns-maker', 'pid-writer', 'filler', 'other']);
const METHODS = new Set(['forced', 'lp', 'fallback']);
const NS_FILES = new Set<string>([...NS_TYPES, 'pid_for_children', 'time_for_children']);

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function obj(v: unknown, p: Path): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad(p, `must be an object, found ${typeName(v)}`);
  return v as Record<string, unknown>;
}
function arr(v: unknown, p: Path): unknown[] {
  if (!Array.isArray(v)) throw new Bad(p, `must be an array, found ${typeName(v)}`);
  return v;
}
function str(o: Record<string, unknown>, k: string, p: Path, optional = false): void {
  if (o[k] === undefined && optional) return;
  if (typeof o[k] !== 'string' || (o[k] as string).length === 0) throw new Bad([...p, k], o[k] === undefined ? 'is required (a non-empty string)' : `must be a non-empty string, found ${typeName(o[k])}`);
}
function int(o: Record<string, unknown>, k: string, p: Path, opts: { optional?: boolean; min?: number; max?: number } = {}): void {
  const v = o[k];
  if (v === undefined && opts.optional) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Bad([...p, k], v === undefined ? 'is required (an integer)' : `must be an integer, found ${typeName(v)}${typeof v === 'number' ? ` ${v}` : ''}`);
  if (opts.min !== undefined && v < opts.min) throw new Bad([...p, k], `must be >= ${opts.min}, found ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new Bad([...p, k], `must be <= ${opts.max}, found ${v}`);
}
function bool(o: Record<string, unknown>, k: string, p: Path, optional = false): void {
  if (o[k] === undefined && optional) return;
  if (typeof o[k] !== 'boolean') throw new Bad([...p, k], o[k] === undefined ? 'is required (true or false)' : `must be true or false, found ${typeName(o[k])}`);
}
function intArray(o: Record<string, unknown>, k: string, p: Path, optional = false, min = 0): void {
  if (o[k] === undefined && optional) return;
  const a = arr(o[k], [...p, k]);
  a.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new Bad([...p, k, i], `must be an integer >= ${min}, found ${JSON.stringify(x)}`);
  });
}
function idmap(o: Record<string, unknown>, k: string, p: Path): void {
  arr(o[k], [...p, k]).forEach((e, i) => {
    const eo = obj(e, [...p, k, i]);
    for (const f of ['inside', 'outside', 'count']) int(eo, f, [...p, k, i], { min: f === 'count' ? 1 : 0 });
  });
}
function onlyKeys(o: Record<string, unknown>, allowed: string[], p: Path): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new Bad([...p, k], `unknown field for this op (allowed: ${allowed.join(', ')})`);
}

const OP_FIELDS: Record<Op['op'], string[]> = {
  clone: ['child', 'flags', 'setTid', 'exitSignal', 'legacy'],
  setsid: [],
  setpgid: ['pid', 'pgid'],
  unshare: ['flags'],
  setns: ['target', 'file', 'pidfd', 'nstypes'],
  subreaper: ['value'],
  'set-dumpable': ['value'],
  sethostname: ['hostname', 'domainname'],
  'write-idmap': ['target', 'uidMap', 'gidMap'],
  'write-timens-offsets': ['monotonic', 'boottime', 'thread'],
  'write-ns-last-pid': ['value'],
  setresuid: ['uid', 'gid'],
  'sigchld-ignore': ['value'],
  execve: [],
  exit: ['code', 'signal', 'core', 'group'],
  wait: ['pid', 'nohang'],
  stop: ['signal', 'target'],
};

function checkFlags(o: Record<string, unknown>, p: Path): void {
  arr(o.flags, [...p, 'flags']).forEach((f, i) => {
    if (typeof f !== 'string' || !(f in CLONE_FLAG_VALUES)) throw new Bad([...p, 'flags', i], `unknown clone flag ${JSON.stringify(f)}`);
  });
}

/** Structural check of one op; `names` are the actor names known so far (ops come in order). */
function checkOp(v: unknown, p: Path, names: Set<string>): void {
  const o = obj(v, p);
  if (typeof o.op !== 'string' || !(o.op in OP_FIELDS)) {
    throw new Bad([...p, 'op'], o.op === undefined ? 'is required (the operation kind)' : `unknown operation ${JSON.stringify(o.op)} (known: ${Object.keys(OP_FIELDS).join(', ')})`);
  }
  const kind = o.op as Op['op'];
  onlyKeys(o, ['op', 'actor', 'why', ...OP_FIELDS[kind]], p);
  str(o, 'actor', p);
  str(o, 'why', p, true);
  if (!names.has(o.actor as string)) throw new Bad([...p, 'actor'], `actor ${JSON.stringify(o.actor)} is not created by any earlier clone (nor the root actor)`);
  switch (kind) {
    case 'clone':
      str(o, 'child', p);
      if (names.has(o.child as string)) throw new Bad([...p, 'child'], `name ${JSON.stringify(o.child)} is already used by an earlier task (names are unique in a plan)`);
      checkFlags(o, p);
      intArray(o, 'setTid', p, true, 1);
      int(o, 'exitSignal', p, { optional: true, min: 0, max: 64 });
      bool(o, 'legacy', p, true);
      names.add(o.child as string);
      break;
    case 'setpgid':
      int(o, 'pid', p, { min: 0 });
      int(o, 'pgid', p, { min: 0 });
      break;
    case 'unshare':
      checkFlags(o, p);
      break;
    case 'setns':
      str(o, 'target', p);
      if (o.file !== undefined && (typeof o.file !== 'string' || !NS_FILES.has(o.file))) throw new Bad([...p, 'file'], `unknown namespace file ${JSON.stringify(o.file)}`);
      bool(o, 'pidfd', p, true);
      if (o.nstypes !== undefined) {
        arr(o.nstypes, [...p, 'nstypes']).forEach((t, i) => {
          if (typeof t !== 'string' || !(NS_TYPES as readonly string[]).includes(t)) throw new Bad([...p, 'nstypes', i], `unknown namespace type ${JSON.stringify(t)}`);
        });
      }
      if (!o.pidfd && o.file === undefined) throw new Bad(p, 'setns needs "file" or "pidfd": true with "nstypes"');
      break;
    case 'subreaper':
    case 'set-dumpable':
    case 'sigchld-ignore':
      bool(o, 'value', p);
      break;
    case 'sethostname':
      if (typeof o.hostname !== 'string') throw new Bad([...p, 'hostname'], 'is required (a string)');
      if (o.domainname !== undefined && typeof o.domainname !== 'string') throw new Bad([...p, 'domainname'], 'must be a string');
      break;
    case 'write-idmap':
      str(o, 'target', p);
      idmap(o, 'uidMap', p);
      idmap(o, 'gidMap', p);
      break;
    case 'write-timens-offsets':
      int(o, 'monotonic', p);
      int(o, 'boottime', p);
      bool(o, 'thread', p, true);
      break;
    case 'write-ns-last-pid':
      int(o, 'value', p, { min: 0 });
      break;
    case 'setresuid':
      // (uid_t)-1 means "unchanged" to the kernel: not an id a plan may ask for
      int(o, 'uid', p, { min: 0, max: 4294967294 });
      int(o, 'gid', p, { min: 0, max: 4294967294 });
      break;
    case 'exit':
      int(o, 'code', p, { optional: true, min: 0, max: 255 });
      int(o, 'signal', p, { optional: true, min: 1, max: 64 });
      if (o.code !== undefined && o.signal !== undefined) throw new Bad(p, 'exit takes "code" or "signal", not both');
      bool(o, 'core', p, true);
      if (o.core !== undefined && o.signal === undefined) throw new Bad(p, '"core" goes with "signal" only');
      bool(o, 'group', p, true);
      break;
    case 'wait':
      int(o, 'pid', p, { min: -1 });
      bool(o, 'nohang', p, true);
      break;
    case 'stop':
      int(o, 'signal', p, { optional: true, min: 1, max: 64 });
      str(o, 'target', p, true);
      break;
    case 'setsid':
    case 'execve':
      break;
  }
}

/** Check a parsed value is a Plan; throws Bad with the JSON path. */
function checkPlan(v: unknown): Plan {
  const o = obj(v, []);
  if (o.format === undefined) throw new Bad([], `missing "format" (expected "${PLAN_FORMAT}"); is this a crplan plan?`);
  if (o.format !== PLAN_FORMAT) throw new Bad(['format'], `unsupported format ${JSON.stringify(o.format)}; this crplan reads "${PLAN_FORMAT}"`);
  const img = obj(o.image, ['image']);
  str(img, 'sha256', ['image']);
  if (!/^[0-9a-f]{64}$/.test(img.sha256 as string)) throw new Bad(['image', 'sha256'], 'must be 64 lowercase hex digits');
  str(img, 'description', ['image'], true);
  const actors = obj(o.actors, ['actors']);
  for (const [k, a] of Object.entries(actors)) {
    if (!/^[1-9]\d*$/.test(k)) throw new Bad(['actors', k], 'keys are level-0 tids (positive integers)');
    if (typeof a !== 'string' || a.length === 0) throw new Bad(['actors', k], `must be an actor name (a non-empty string), found ${typeName(a)}`);
  }
  arr(o.helpers, ['helpers']).forEach((h, i) => {
    const ho = obj(h, ['helpers', i]);
    str(ho, 'name', ['helpers', i]);
    if (typeof ho.role !== 'string' || !HELPER_ROLES.has(ho.role)) throw new Bad(['helpers', i, 'role'], `must be one of ${[...HELPER_ROLES].join(', ')}, found ${JSON.stringify(ho.role)}`);
    if (typeof ho.why !== 'string') throw new Bad(['helpers', i, 'why'], 'is required (a string)');
    intArray(ho, 'pid', ['helpers', i], true, 1);
  });
  const names = new Set<string>(['root']);
  arr(o.ops, ['ops']).forEach((op, i) => checkOp(op, ['ops', i], names));
  const s = obj(o.summary, ['summary']);
  for (const k of ['tasks', 'helpers', 'operations']) int(s, k, ['summary'], { min: 0 });
  if (s.operations !== (o.ops as unknown[]).length) throw new Bad(['summary', 'operations'], `says ${String(s.operations)} but the plan has ${(o.ops as unknown[]).length} ops`);
  if (s.helpers !== (o.helpers as unknown[]).length) throw new Bad(['summary', 'helpers'], `says ${String(s.helpers)} but the plan lists ${(o.helpers as unknown[]).length} helpers`);
  bool(s, 'verified', ['summary']);
  arr(s.solver, ['summary', 'solver']).forEach((c, i) => {
    const co = obj(c, ['summary', 'solver', i]);
    str(co, 'id', ['summary', 'solver', i]);
    if (typeof co.method !== 'string' || !METHODS.has(co.method)) throw new Bad(['summary', 'solver', i, 'method'], `must be forced, lp or fallback, found ${JSON.stringify(co.method)}`);
    bool(co, 'optimal', ['summary', 'solver', i]);
    for (const k of ['objective', 'bound', 'millis']) {
      if (co[k] !== undefined && typeof co[k] !== 'number') throw new Bad(['summary', 'solver', i, k], `must be a number, found ${typeName(co[k])}`);
    }
  });
  for (const [, a] of Object.entries(actors)) {
    if (!names.has(a as string)) throw new Bad(['actors'], `actor ${JSON.stringify(a)} is never created by the plan's ops`);
  }
  return o as unknown as Plan;
}

/** Parse plan JSON text; throws InputError `file: $.ops[3].flags[0] (line 9): unknown clone flag "X" (plan format)`. */
export function parsePlan(text: string, file: string): Plan {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const { pos, message } = findSyntaxError(text);
    throw new InputError(file, `line ${pos.line}, column ${pos.column}`, `invalid JSON: ${message}`);
  }
  try {
    return checkPlan(v);
  } catch (e) {
    if (e instanceof Bad) {
      const line = new PathLocator(text).line(e.path);
      throw new InputError(file, `${jsonPath(e.path)}${line !== undefined ? ` (line ${line})` : ''}`, `${e.detail} (plan format ${PLAN_FORMAT})`);
    }
    throw e;
  }
}

/** Read and parse a plan file. */
export function readPlanFile(path: string): Plan {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new InputError(path, '', 'is a directory, not a plan file');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, '', code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? (e as Error).message})`);
  }
  return parsePlan(text, path);
}

/** The plan as file text: stable key order, two-space indent, one op a line for readable diffs. */
export function planToText(plan: Plan): string {
  const { format, image, actors, helpers, ops, summary } = plan;
  const head = JSON.stringify({ format, image, actors, helpers, ops: [], summary }, null, 2);
  if (ops.length === 0) return `${head}\n`;
  const opsText = ops.map((op) => `    ${JSON.stringify(op)}`).join(',\n');
  // a function replacement: op text may hold "$" sequences that a replacement string would expand
  return `${head.replace(/"ops": \[\]/, () => `"ops": [\n${opsText}\n  ]`)}\n`;
}

/** Write a plan file atomically. */
export function writePlanFile(path: string, plan: Plan): void {
  writeFileAtomic(path, planToText(plan));
}
