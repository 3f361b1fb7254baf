import test from 'ava';
import { binaryEntries } from '../../criu/imagefile.js';
import { IMG_COMMON_MAGIC, TYPE_MAGIC } from '../../criu/messages.js';
import { InputError } from '../../model/errors.js';

/** A pstree image from raw entry bodies. */
function pstreeImage(...bodies: number[][]): Buffer {
  const parts = [Buffer.alloc(8)];
  parts[0].writeUInt32LE(IMG_COMMON_MAGIC, 0);
  parts[0].writeUInt32LE(TYPE_MAGIC.pstree, 4);
  for (const b of bodies) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length, 0);
    parts.push(len, Buffer.from(b));
  }
  return Buffer.concat(parts);
}

test('packed repeated threads decode like unpacked ones', (t) => {
  const warn: string[] = [];
  const unpacked = [0x08, 2, 0x10, 1, 0x18, 1, 0x20, 1, 0x28, 2, 0x28, 5, 0x28, 7];
  const packed = [0x08, 2, 0x10, 1, 0x18, 1, 0x20, 1, 0x2a, 3, 2, 5, 7];
  const [a, b] = binaryEntries(pstreeImage(unpacked, packed), 'p.img', 'pstree', (l) => warn.push(l));
  t.deepEqual(a.v, b.v);
  t.deepEqual(b.v.threads, [2, 5, 7]);
  t.deepEqual(warn, []);
});

test('multi-byte varints, and their failures with offsets', (t) => {
  const [m] = binaryEntries(pstreeImage([0x08, 0xac, 0x02]), 'p.img', 'pstree', () => {});
  t.is(m.v.pid, 300);
  const err = (body: number[]) => t.throws(() => binaryEntries(pstreeImage(body), 'p.img', 'pstree', () => {}), { instanceOf: InputError });
  t.regex(err([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])!.message, /^p\.img: offset 13: varint longer than 10 bytes/);
  t.regex(err([0x08, 0x80])!.message, /^p\.img: offset 14: varint runs past the end of its message/);
  t.regex(err([0x08, 0xff, 0xff, 0xff, 0xff, 0x7f])!.message, /^p\.img: offset 12: field pid \(1\) value 34359738367 does not fit uint32/);
  t.regex(err([0x0b])!.message, /^p\.img: offset 12: field 1 has wire type 3/);
  t.regex(err([0x2a, 5, 1])!.message, /^p\.img: offset 13: field 5: length 5 runs past the end of its message/);
});

test('unknown fields: skipped whatever their wire type, warned once each', (t) => {
  const warn: string[] = [];
  // field 9 fixed64, field 10 fixed32, field 11 length-delimited, then pid
  const body = [0x49, 1, 2, 3, 4, 5, 6, 7, 8, 0x55, 1, 2, 3, 4, 0x5a, 2, 9, 9, 0x08, 4];
  const [m] = binaryEntries(pstreeImage(body), 'p.img', 'pstree', (l) => warn.push(l));
  t.is(m.v.pid, 4);
  t.is(warn.length, 3);
  t.regex(warn[0], /p\.img: offset 12: field 9 of pstree_entry is unknown to crplan/);
});
