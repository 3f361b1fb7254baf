/**
 * Fuzzing the CRIU reader, shared by test/criu/fuzz.test.ts (a few thousand cases) and
 * scripts/soak-criu.ts (as many seeds as asked): seeded truncations, bit flips, reordered /
 * duplicated / dropped entries and corrupted entry lengths of every binary file of every set, and
 * damaged values of every decoded-JSON file. Each case must give an image (which then validates
 * without crashing) or an InputError; anything else is a crash.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCriuDir } from '../../criu/import.js';
import { InputError } from '../../model/errors.js';
import { validateImage } from '../../model/validate.js';
import { copySet, SETS, setDir } from './helpers.js';
import { Prng } from '../../kernel/prng.js';

/** The project's seeded PRNG (kernel/prng.ts, mulberry32) as a function. */
export function rng(seed: number): () => number {
  const p = new Prng(seed);
  return () => p.next();
}

const int = (r: () => number, n: number) => Math.floor(r() * n);

/** Split a binary image into header and entries (framing as CRIU writes it). */
function split(b: Buffer, inventory: boolean): { head: Buffer; entries: Buffer[] } {
  const h = inventory ? 4 : 8;
  const entries: Buffer[] = [];
  let pos = h;
  while (pos + 4 <= b.length) {
    const len = b.readUInt32LE(pos);
    entries.push(b.subarray(pos, pos + 4 + len));
    pos += 4 + len;
  }
  return { head: b.subarray(0, h), entries };
}

type Mutation = (b: Buffer, r: () => number, inventory: boolean) => Buffer;

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, int(r, b.length)),
  flipBit: (b, r) => {
    const c = Buffer.from(b);
    for (let k = 1 + int(r, 3); k > 0; k--) c[int(r, c.length)] ^= 1 << int(r, 8);
    return c;
  },
  flipBitInHeadOrFirstBytes: (b, r) => {
    const c = Buffer.from(b);
    c[int(r, Math.min(c.length, 24))] ^= 1 << int(r, 8);
    return c;
  },
  randomByte: (b, r) => {
    const c = Buffer.from(b);
    c[int(r, c.length)] = int(r, 256);
    return c;
  },
  reorderEntries: (b, r, inv) => {
    const { head, entries } = split(b, inv);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = int(r, i + 1);
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return Buffer.concat([head, ...entries]);
  },
  duplicateEntry: (b, r, inv) => {
    const { head, entries } = split(b, inv);
    const e = entries[int(r, entries.length)];
    return Buffer.concat([head, ...entries, ...(e ? [e] : [])]);
  },
  dropEntry: (b, r, inv) => {
    const { head, entries } = split(b, inv);
    entries.splice(int(r, entries.length), 1);
    return Buffer.concat([head, ...entries]);
  },
  badLength: (b, r, inv) => {
    const c = Buffer.from(b);
    const at = inv ? 4 : 8;
    if (c.length >= at + 4) c.writeUInt32LE([0, 1, c.length, 0xffffffff, int(r, 4096)][int(r, 5)], at);
    return c;
  },
  garbageTail: (b, r) => Buffer.concat([b, Buffer.from(Array.from({ length: 1 + int(r, 12) }, () => int(r, 256)))]),
};

export interface FuzzResult {
  cases: number;
  images: number;
  errors: number;
  /** one line per crash: set/file, case, mutation, seed, message */
  crashes: string[];
  /** InputErrors that do not name a file of the directory */
  unnamed: string[];
}

function attempt(dir: string, label: string, res: FuzzResult): void {
  res.cases++;
  try {
    validateImage(importCriuDir(dir).image);
    res.images++;
  } catch (e) {
    if (e instanceof InputError) {
      res.errors++;
      if (!e.message.startsWith(dir)) res.unnamed.push(`${label}: ${e.message}`);
      return;
    }
    res.crashes.push(`${label}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
}

/** `perFile` mutations of every binary file of every set. */
export function fuzzBinary(seed: number, perFile: number): FuzzResult {
  const r = rng(seed);
  const names = Object.keys(MUTATIONS);
  const res: FuzzResult = { cases: 0, images: 0, errors: 0, crashes: [], unnamed: [] };
  for (const set of SETS) {
    const copy = copySet(set);
    try {
      for (const f of readdirSync(setDir(set)).filter((x) => x.endsWith('.img'))) {
        const orig = readFileSync(join(setDir(set), f));
        for (let i = 0; i < perFile; i++) {
          const m = names[int(r, names.length)];
          writeFileSync(join(copy.dir, f), MUTATIONS[m](orig, r, f === 'inventory.img'));
          attempt(copy.dir, `${set}/${f} case ${i} (${m}, seed ${seed})`, res);
        }
        writeFileSync(join(copy.dir, f), orig);
      }
    } finally {
      copy.cleanup();
    }
  }
  return res;
}

/** Every [container, key] pair of a JSON document, for picking a random place to damage. */
function places(v: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); places(x, out); });
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push([v as Record<string, unknown>, k]); places(x, out); }
  return out;
}

const JUNK: unknown[] = [null, 'x', -1, 1.5, 2 ** 40, {}, [], true, '0x10', 'Zombie', 0, [1, 2]];

/** `perFile` damaged copies of every decoded-JSON file of every set (truncated text, junk values, dropped keys). */
export function fuzzJson(seed: number, perFile: number): FuzzResult {
  const r = rng(seed);
  const res: FuzzResult = { cases: 0, images: 0, errors: 0, crashes: [], unnamed: [] };
  for (const set of SETS) {
    const copy = copySet(set, true);
    try {
      for (const f of readdirSync(copy.dir).filter((x) => x.endsWith('.json'))) {
        const orig = readFileSync(join(copy.dir, f), 'utf8');
        for (let i = 0; i < perFile; i++) {
          let text: string;
          if (r() < 0.15) text = orig.slice(0, int(r, orig.length));
          else {
            const doc = JSON.parse(orig) as unknown;
            const ps = places(doc);
            const [obj, key] = ps[int(r, ps.length)];
            if (r() < 0.2 && !Array.isArray(obj)) delete (obj as Record<string, unknown>)[key as string];
            else (obj as Record<string | number, unknown>)[key] = JUNK[int(r, JUNK.length)];
            text = JSON.stringify(doc);
          }
          writeFileSync(join(copy.dir, f), text);
          attempt(copy.dir, `${set}/decoded/${f} case ${i} (seed ${seed})`, res);
        }
        writeFileSync(join(copy.dir, f), orig);
      }
    } finally {
      copy.cleanup();
    }
  }
  return res;
}
