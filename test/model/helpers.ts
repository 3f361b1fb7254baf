import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Image } from '../../model/image.js';
import { parseImage } from '../../model/load.js';
import { validateImage } from '../../model/validate.js';

export const EXAMPLES = 'examples';
export const INVALID = join(EXAMPLES, 'invalid');

export function exampleFiles(dir = EXAMPLES): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

/** A fresh, deep copy of an example (tests mutate it). */
export function example(name: string): Image {
  const file = join(EXAMPLES, `${name}.json`);
  return parseImage(readFileSync(file, 'utf8'), file);
}

export function codes(image: Image, severity: 'error' | 'warning' | 'any' = 'error'): string[] {
  return [...new Set(validateImage(image).filter((f) => severity === 'any' || f.severity === severity).map((f) => f.code))].sort();
}

export function task(image: Image, tid: number) {
  const t = image.tasks.find((x) => x.pid[0] === tid);
  if (!t) throw new Error(`no task ${tid}`);
  return t;
}

export function ns(image: Image, id: string) {
  const n = image.namespaces.find((x) => x.id === id);
  if (!n) throw new Error(`no namespace ${id}`);
  return n;
}
