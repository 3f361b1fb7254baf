/**
 * What a validation rule module exports (one rule a module, ESLint style): a stable code, a
 * one-line description, the kernel rule(s) of docs/kernel-rules.md it derives from, its message
 * templates ({name} placeholders) and a check over the image indexes. Rules return findings; they
 * never throw on odd input and never report an error from an unknown (null) value.
 */
import type { Finding } from '../finding.js';
import type { ImageIndex, TaskRef } from '../indexes.js';

export interface Rule {
  code: string;
  description: string;
  kernelRule: string;
  severity: 'error' | 'warning';
  /** message templates by id; `main` is the usual one */
  messages: { main: string } & Record<string, string>;
  check(ix: ImageIndex): Finding[];
}

export type Vars = Record<string, string | number>;

export function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Build a finding of `rule` from a message id and its variables. */
export function finding(
  rule: Rule,
  msg: string,
  vars: Vars,
  f: { tasks?: number[]; objects?: string[]; chain: string[]; path?: string; severity?: 'error' | 'warning' },
): Finding {
  const template = rule.messages[msg] ?? rule.messages.main;
  return {
    code: rule.code,
    kernelRule: rule.kernelRule,
    severity: f.severity ?? rule.severity,
    message: fill(template, vars),
    tasks: f.tasks ?? [],
    objects: f.objects ?? [],
    chain: f.chain,
    ...(f.path ? { path: f.path } : {}),
  };
}

/** "task 42 (bash)" */
export function who(r: TaskRef | { task: { pid: number[]; comm?: string } }): string {
  const t = r.task;
  return `task ${t.pid[0]}${t.comm ? ` (${t.comm})` : ''}`;
}

/** "[100, 1]" */
export function vec(v: readonly number[]): string {
  return `[${v.join(', ')}]`;
}

/** A list trimmed for one line: "1, 2, 3 and 7 more". */
export function list(items: ReadonlyArray<string | number>, max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Tasks by a clone-shared object id (nulls skipped), in image order. O(tasks). */
export function groupBy(ix: ImageIndex, field: 'fs' | 'sighand'): Map<string, TaskRef[]> {
  const m = new Map<string, TaskRef[]>();
  for (const r of ix.refs) {
    const id = r.task[field];
    if (id === null) continue;
    const l = m.get(id);
    if (l) l.push(r);
    else m.set(id, [r]);
  }
  return m;
}

