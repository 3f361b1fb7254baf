/**
 * One CRIU image file, binary or decoded JSON, read into its entries. Binary framing: a 4-byte
 * image magic and a 4-byte type magic (inventory.img: its type magic only), then entries, each a
 * 4-byte little-endian length and that many bytes of protobuf. JSON: `{"magic": "PSTREE",
 * "entries": [...]}` as CRIU's decoder prints it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../model/errors.js';
import type { Msg } from './decode.js';
import { decodeBinary, decodeJson } from './decode.js';
import type { ImageKind } from './messages.js';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, JSON_MAGIC, SPEC_OF, TYPE_MAGIC } from './messages.js';
import { readU32 } from './wire.js';

export type Flavour = 'binary' | 'json';

/** Where the image files are and in which flavour; `warn` collects what can safely be ignored. */
export interface CriuDirReader {
  dir: string;
  flavour: Flavour;
  warn(line: string): void;
}

export function fileName(r: CriuDirReader, base: string): string {
  return join(r.dir, `${base}.${r.flavour === 'binary' ? 'img' : 'json'}`);
}

export function hasImage(r: CriuDirReader, base: string): boolean {
  return existsSync(fileName(r, base));
}

/** The entries of image `base` (e.g. "core-7"), or an InputError naming the file and place. */
export function readImage(r: CriuDirReader, base: string, kind: ImageKind, why: string): Msg[] {
  const file = fileName(r, base);
  if (!existsSync(file)) throw new InputError(file, '', `missing (${why})`);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    throw new InputError(file, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return r.flavour === 'binary' ? binaryEntries(data, file, kind, r.warn) : jsonEntries(data, file, kind, r.warn);
}

const KIND_OF_MAGIC = new Map<number, ImageKind>(Object.entries(TYPE_MAGIC).map(([k, m]) => [m, k as ImageKind]));

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Binary framing. O(bytes). */
export function binaryEntries(data: Uint8Array, file: string, kind: ImageKind, warn: (l: string) => void): Msg[] {
  const spec = SPEC_OF[kind];
  const want = TYPE_MAGIC[kind];
  let pos = 0;
  const word = (what: string): number => {
    if (data.length < pos + 4) throw new InputError(file, `offset ${pos}`, `file ends before the ${what} (${data.length} bytes; truncated image)`);
    const w = readU32(data, pos);
    pos += 4;
    return w;
  };
  const checkType = (m: number, at: number): void => {
    if (m === want) return;
    const other = KIND_OF_MAGIC.get(m);
    throw new InputError(file, `offset ${at}`, other
      ? `wrong magic ${hex(m)}: this is a ${other} image, expected ${kind}`
      : `wrong magic ${hex(m)}, expected ${hex(want)} (${kind}); not a CRIU ${kind} image or corrupt`);
  };
  const first = word('image magic');
  if (kind === 'inventory') checkType(first, 0);
  else {
    if (first !== IMG_COMMON_MAGIC) {
      throw new InputError(file, 'offset 0', first === IMG_SERVICE_MAGIC
        ? `image magic ${hex(first)} is the service-image magic, expected the common one ${hex(IMG_COMMON_MAGIC)}`
        : `wrong image magic ${hex(first)}, expected ${hex(IMG_COMMON_MAGIC)}; not a CRIU image or corrupt`);
    }
    checkType(word('type magic'), 4);
  }
  const ctx = { file, warn };
  const out: Msg[] = [];
  while (pos < data.length) {
    const at = pos;
    if (data.length - pos < 4) throw new InputError(file, `offset ${at}`, `${data.length - pos} byte(s) left where a 4-byte entry length is needed (truncated image)`);
    const len = readU32(data, pos);
    pos += 4;
    if (len > data.length - pos) throw new InputError(file, `offset ${at}`, `entry length ${len} runs past end of file (${data.length - pos} bytes left; truncated image)`);
    out.push(decodeBinary(data, pos, pos + len, spec, ctx));
    pos += len;
  }
  return out;
}

/** Decoder JSON. O(bytes). */
export function jsonEntries(data: Uint8Array, file: string, kind: ImageKind, warn: (l: string) => void): Msg[] {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (e) {
    throw new InputError(file, '', `not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(file, '$', 'expected an object {"magic", "entries"} as CRIU\'s decoder prints it');
  const d = doc as Record<string, unknown>;
  if (d.magic !== JSON_MAGIC[kind]) {
    throw new InputError(file, '$.magic', `is ${JSON.stringify(d.magic)}, expected "${JSON_MAGIC[kind]}"`);
  }
  if (!Array.isArray(d.entries)) throw new InputError(file, '$.entries', 'expected an array of entries');
  const ctx = { file, warn };
  return d.entries.map((e, i) => decodeJson(e, SPEC_OF[kind], `$.entries[${i}]`, ctx));
}
