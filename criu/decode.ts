/**
 * Decoding one CRIU message, from protobuf bytes or from the JSON CRIU's decoder prints, into the
 * same shape (`Msg`), driven by the schema in criu/messages.ts. Each value remembers where it was
 * read (`offset N` or a JSON path) so the importer's errors name the exact place.
 */
import { InputError } from '../model/errors.js';
import type { FieldSpec, MessageSpec } from './messages.js';
import { readFields, readVarint, WIRE_LEN, WIRE_NAMES, WIRE_VARINT, WireError } from './wire.js';

export type Val = number | boolean | string | Msg | number[];

export interface Msg {
  v: Record<string, Val>;
  /** place of each field read, e.g. "offset 1234" or "$.entries[0].tc.task_state" */
  at: Record<string, string>;
  /** place of the message itself */
  self: string;
}

export interface DecodeCtx {
  /** the file as the user should see it (directory they gave + file name) */
  file: string;
  warn(line: string): void;
}

const U32_MAX = 0xffffffff;

function newerField(ctx: DecodeCtx, spec: MessageSpec, num: number | string, place: string): void {
  ctx.warn(`${ctx.file}: ${place}: field ${num} of ${spec.name} is unknown to crplan (written by a newer CRIU?); ignored`);
}

function isUnknown(spec: MessageSpec, num: number): boolean {
  return spec.complete ? true : num > (spec.knownUpTo ?? Infinity);
}

/** Decode the message in buf[start, end). O(bytes). */
export function decodeBinary(buf: Uint8Array, start: number, end: number, spec: MessageSpec, ctx: DecodeCtx): Msg {
  try {
    return decodeBinaryInner(buf, start, end, spec, ctx);
  } catch (e) {
    if (e instanceof WireError) throw new InputError(ctx.file, `offset ${e.offset}`, `${e.message} in ${spec.name}`);
    throw e;
  }
}

function decodeBinaryInner(buf: Uint8Array, start: number, end: number, spec: MessageSpec, ctx: DecodeCtx): Msg {
  const msg: Msg = { v: {}, at: {}, self: `offset ${start}` };
  for (const f of readFields(buf, start, end)) {
    const fs: FieldSpec | undefined = spec.fields[f.num];
    if (!fs) {
      if (isUnknown(spec, f.num)) newerField(ctx, spec, f.num, `offset ${f.offset}`);
      continue;
    }
    const where = `offset ${f.offset}`;
    const bad = (expected: string) => new WireError(f.offset, `field ${fs.name} (${f.num}) has wire type ${WIRE_NAMES[f.wire] ?? f.wire}, expected ${expected}`);
    if (typeof fs.type === 'object') {
      if (f.wire !== WIRE_LEN) throw bad('length-delimited (message)');
      msg.v[fs.name] = decodeBinaryInner(buf, f.start, f.end, fs.type, ctx);
    } else if (fs.type === 'string') {
      if (f.wire !== WIRE_LEN) throw bad('length-delimited (string)');
      msg.v[fs.name] = new TextDecoder('utf-8', { fatal: false }).decode(buf.subarray(f.start, f.end));
    } else if (fs.repeated && f.wire === WIRE_LEN) {
      // packed repeated scalars
      const arr = (msg.v[fs.name] as number[] | undefined) ?? [];
      let pos = f.start;
      while (pos < f.end) {
        const at = pos;
        const [n, next] = readVarint(buf, pos, f.end, 0);
        if (fs.type === 'uint32' && n > U32_MAX) throw new WireError(at, `packed field ${fs.name} (${f.num}) value ${n} does not fit uint32`);
        arr.push(n);
        pos = next;
      }
      msg.v[fs.name] = arr;
    } else {
      if (f.wire !== WIRE_VARINT) throw bad('varint');
      let val: number | boolean = f.value;
      if (fs.type === 'uint32' && f.value > U32_MAX) throw new WireError(f.offset, `field ${fs.name} (${f.num}) value ${f.value} does not fit uint32`);
      if (fs.type === 'bool') val = f.value !== 0;
      if (fs.repeated) {
        const arr = (msg.v[fs.name] as number[] | undefined) ?? [];
        arr.push(val as number);
        msg.v[fs.name] = arr;
      } else msg.v[fs.name] = val;
    }
    msg.at[fs.name] ??= where;
  }
  return msg;
}

/** Decode the JSON object CRIU's decoder printed for one entry. `path` is its JSON path. */
export function decodeJson(obj: unknown, spec: MessageSpec, path: string, ctx: DecodeCtx): Msg {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new InputError(ctx.file, path, `expected an object (${spec.name}), found ${jsonType(obj)}`);
  }
  const byName = new Map<string, FieldSpec>();
  for (const fs of Object.values(spec.fields)) byName.set(fs.name, fs);
  const msg: Msg = { v: {}, at: {}, self: path };
  for (const [key, raw] of Object.entries(obj as Record<string, unknown>)) {
    const fs = byName.get(key);
    const where = `${path}.${key}`;
    if (!fs) {
      if (spec.complete) newerField(ctx, spec, `"${key}"`, where);
      continue;
    }
    msg.at[key] = where;
    if (fs.repeated) {
      if (!Array.isArray(raw)) throw new InputError(ctx.file, where, `expected an array, found ${jsonType(raw)}`);
      msg.v[key] = raw.map((x, i) => jsonScalar(x, fs, `${where}[${i}]`, ctx) as number);
    } else if (typeof fs.type === 'object') {
      msg.v[key] = decodeJson(raw, fs.type, where, ctx);
    } else {
      msg.v[key] = jsonScalar(raw, fs, where, ctx);
    }
  }
  return msg;
}

function jsonScalar(x: unknown, fs: FieldSpec, where: string, ctx: DecodeCtx): number | boolean | string {
  switch (fs.type) {
    case 'string':
      if (typeof x !== 'string') throw new InputError(ctx.file, where, `expected a string, found ${jsonType(x)}`);
      return x;
    case 'bool':
      if (typeof x !== 'boolean') throw new InputError(ctx.file, where, `expected true or false, found ${jsonType(x)}`);
      return x;
    default: {
      if (typeof x === 'string' && fs.jsonNames && x in fs.jsonNames) return fs.jsonNames[x];
      // the decoder prints some numbers in hex ("0x1f")
      const n = typeof x === 'string' && /^0x[0-9a-f]+$/i.test(x) ? parseInt(x, 16) : x;
      const max = fs.type === 'uint32' ? U32_MAX : Number.MAX_SAFE_INTEGER;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
        const names = fs.jsonNames ? ` or one of ${Object.keys(fs.jsonNames).join(', ')}` : '';
        throw new InputError(ctx.file, where, `expected an unsigned integer (${fs.type})${names}, found ${JSON.stringify(x)}`);
      }
      return n;
    }
  }
}

function jsonType(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `${typeof x} ${JSON.stringify(x)}`;
}
