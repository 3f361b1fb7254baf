/**
 * The protobuf wire format, decoded by hand: it is four wire types and a varint, smaller and
 * clearer than a dependency for the handful of CRIU messages crplan reads (criu/messages.ts).
 * Every failure is a WireError carrying the absolute byte offset in the file, so the caller can
 * say `file: offset N: what` (never a crash, whatever the bytes).
 */

export class WireError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export const WIRE_NAMES: Record<number, string> = { 0: 'varint', 1: 'fixed64', 2: 'length-delimited', 5: 'fixed32' };

/** One field occurrence inside a message. */
export interface WireField {
  num: number;
  wire: number;
  /** absolute offset of the field's key in the file */
  offset: number;
  /** varint / fixed values as a JS number (exact up to 2^53; larger values are only ever skipped) */
  value: number;
  /** length-delimited payload: absolute start and end in `buf` */
  start: number;
  end: number;
}

/** Reads a varint at `pos`; returns [value, next position]. At most 10 bytes (64 bits). */
export function readVarint(buf: Uint8Array, pos: number, end: number, base: number): [number, number] {
  const start = pos;
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new WireError(base + pos, 'varint runs past the end of its message (truncated or corrupt)');
    const b = buf[pos++];
    value += (b & 0x7f) * mul;
    mul *= 128;
    if (b < 0x80) return [value, pos];
  }
  throw new WireError(base + start, 'varint longer than 10 bytes (corrupt)');
}

/**
 * The fields of the message in buf[start, end), in order. `base` is added to positions to turn
 * them into file offsets (buf is the whole file, so base is 0 in practice). O(bytes).
 */
export function readFields(buf: Uint8Array, start: number, end: number, base = 0): WireField[] {
  const out: WireField[] = [];
  let pos = start;
  while (pos < end) {
    const offset = base + pos;
    const [key, p1] = readVarint(buf, pos, end, base);
    pos = p1;
    const num = Math.floor(key / 8);
    const wire = key % 8;
    if (num < 1 || num > 0x1fffffff) throw new WireError(offset, `field number ${num} is invalid (corrupt message)`);
    switch (wire) {
      case WIRE_VARINT: {
        const [v, p2] = readVarint(buf, pos, end, base);
        out.push({ num, wire, offset, value: v, start: pos, end: p2 });
        pos = p2;
        break;
      }
      case WIRE_FIXED64:
        if (pos + 8 > end) throw new WireError(base + pos, `field ${num}: fixed64 runs past the end of its message (truncated or corrupt)`);
        out.push({ num, wire, offset, value: readU32(buf, pos) + readU32(buf, pos + 4) * 2 ** 32, start: pos, end: pos + 8 });
        pos += 8;
        break;
      case WIRE_FIXED32:
        if (pos + 4 > end) throw new WireError(base + pos, `field ${num}: fixed32 runs past the end of its message (truncated or corrupt)`);
        out.push({ num, wire, offset, value: readU32(buf, pos), start: pos, end: pos + 4 });
        pos += 4;
        break;
      case WIRE_LEN: {
        const [len, p2] = readVarint(buf, pos, end, base);
        if (p2 + len > end) throw new WireError(base + pos, `field ${num}: length ${len} runs past the end of its message (truncated or corrupt)`);
        out.push({ num, wire, offset, value: len, start: p2, end: p2 + len });
        pos = p2 + len;
        break;
      }
      default:
        throw new WireError(offset, `field ${num} has wire type ${wire}, which protobuf does not define or CRIU never uses (corrupt message)`);
    }
  }
  return out;
}

export function readU32(buf: Uint8Array, pos: number): number {
  return (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16)) + buf[pos + 3] * 0x1000000;
}
