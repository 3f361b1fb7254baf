import test from 'ava';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCriuDir, isCriuDir } from '../../criu/import.js';
import { InputError } from '../../model/errors.js';
import { copySet } from './helpers.js';

/** Run `fn` on a private copy of `set`, then remove it. */
function withCopy<T>(set: string, json: boolean, fn: (dir: string) => T): T {
  const c = copySet(set, json);
  try {
    return fn(c.dir);
  } finally {
    c.cleanup();
  }
}

function importError(dir: string): InputError {
  try {
    importCriuDir(dir);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('test: import succeeded');
}

test('missing pstree.img: one error naming it; not a CRIU dir', (t) => withCopy('plain', false, (dir) => {
  rmSync(join(dir, 'pstree.img'));
  t.false(isCriuDir(dir));
  t.regex(importError(dir).message, /pstree\.img: missing \(a CRIU dump needs it/);
}));

test('truncated core: file, offset and the rule', (t) => withCopy('plain', false, (dir) => {
  truncateSync(join(dir, 'core-7707.img'), 1000);
  t.regex(importError(dir).message, /core-7707\.img: offset 8: entry length 2276 runs past end of file \(988 bytes left; truncated image\)$/);
}));

test('file cut inside the magic and inside an entry length', (t) => withCopy('plain', false, (dir) => {
  truncateSync(join(dir, 'pstree.img'), 6);
  t.regex(importError(dir).message, /pstree\.img: offset 4: file ends before the type magic/);
  writeFileSync(join(dir, 'pstree.img'), Buffer.concat([readFileSync(`/work/shared/criu-images/plain/pstree.img`), Buffer.from([1, 2])]));
  t.regex(importError(dir).message, /pstree\.img: offset 64: 2 byte\(s\) left where a 4-byte entry length is needed/);
}));

test('wrong magic: named, and a known other type is named too', (t) => withCopy('plain', false, (dir) => {
  const ids = readFileSync(join(dir, 'ids-7709.img'));
  ids[4] ^= 0xff;
  writeFileSync(join(dir, 'ids-7709.img'), ids);
  t.regex(importError(dir).message, /ids-7709\.img: offset 4: wrong magic 0x\w+, expected 0x54432030 \(ids\)/);
  writeFileSync(join(dir, 'ids-7709.img'), readFileSync(join(dir, 'core-7709.img')));
  t.regex(importError(dir).message, /ids-7709\.img: offset 4: wrong magic 0x55053847: this is a core image, expected ids/);
  writeFileSync(join(dir, 'inventory.img'), Buffer.alloc(12));
  t.regex(importError(dir).message, /inventory\.img: offset 0: wrong magic 0x00000000/);
}));

test('unknown newer field: a warning, the import goes on', (t) => withCopy('plain', false, (dir) => {
  const f = join(dir, 'ids-7709.img');
  const b = readFileSync(f);
  // append field 13 (varint 1) to the one entry and fix its length
  const nb = Buffer.concat([b, Buffer.from([13 << 3, 1])]);
  nb.writeUInt32LE(b.readUInt32LE(8) + 2, 8);
  writeFileSync(f, nb);
  const { image, warnings } = importCriuDir(dir);
  t.is(image.tasks.length, 3);
  t.is(warnings.length, 1);
  t.regex(warnings[0], /ids-7709\.img: offset \d+: field 13 of task_kobj_ids_entry is unknown to crplan \(written by a newer CRIU\?\); ignored/);
}));

test('wrong wire type for a known field is an error with its offset', (t) => withCopy('plain', false, (dir) => {
  const f = join(dir, 'pstree.img');
  const b = readFileSync(f);
  b[12] = (1 << 3) | 5; // pid as fixed32
  writeFileSync(f, b);
  t.regex(importError(dir).message, /pstree\.img: offset 12: field pid \(1\) has wire type fixed32, expected varint in pstree_entry/);
}));

test('a core or ids file missing for a pid or a thread', (t) => {
  withCopy('plain', false, (dir) => {
    rmSync(join(dir, 'core-7709.img'));
    t.regex(importError(dir).message, /core-7709\.img: missing \(the core of process 7709/);
  });
  withCopy('plain', false, (dir) => {
    rmSync(join(dir, 'ids-7710.img'));
    t.regex(importError(dir).message, /ids-7710\.img: missing/);
  });
  withCopy('mixed-sessions', false, (dir) => {
    rmSync(join(dir, 'core-5.img'));
    t.regex(importError(dir).message, /core-5\.img: missing \(the core of thread 5 of process 2\)/);
  });
});

test('missing utsns image: a warning, hostname unknown', (t) => withCopy('pid-mnt-uts', false, (dir) => {
  rmSync(join(dir, 'utsns-10.img'));
  const { image, warnings } = importCriuDir(dir);
  t.regex(warnings.join('\n'), /utsns-10\.img: missing; the hostname of uts namespace 10 is unknown/);
  t.is(image.namespaces.find((n) => n.type === 'uts')!.hostname, undefined);
}));

test('decoded JSON: wrong types, bad states and unknown keys', (t) => {
  withCopy('plain', true, (dir) => {
    const f = join(dir, 'pstree.json');
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.entries[1].ppid = 'x';
    writeFileSync(f, JSON.stringify(d));
    t.regex(importError(dir).message, /pstree\.json: \$\.entries\[1\]\.ppid: expected an unsigned integer \(uint32\), found "x"$/);
    writeFileSync(f, '{"magic": "PSTREE", "entries": [');
    t.regex(importError(dir).message, /pstree\.json: not valid JSON/);
    writeFileSync(f, '{"magic": "CORE", "entries": []}');
    t.regex(importError(dir).message, /pstree\.json: \$\.magic: is "CORE", expected "PSTREE"/);
  });
  withCopy('plain', true, (dir) => {
    const f = join(dir, 'core-7709.json');
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.entries[0].tc.task_state = 7;
    writeFileSync(f, JSON.stringify(d));
    t.regex(importError(dir).message, /core-7709\.json: \$\.entries\[0\]\.tc\.task_state: task_state 7 is not one CRIU writes/);
  });
  withCopy('plain', true, (dir) => {
    const f = join(dir, 'ids-7709.json');
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.entries[0].future_ns_id = 3;
    writeFileSync(f, JSON.stringify(d));
    const { warnings } = importCriuDir(dir);
    t.deepEqual(warnings.length, 1);
    t.regex(warnings[0], /ids-7709\.json: \$\.entries\[0\]\.future_ns_id: field "future_ns_id" of task_kobj_ids_entry is unknown/);
  });
});

test('structural errors in the tree', (t) => {
  withCopy('plain', true, (dir) => {
    const f = join(dir, 'pstree.json');
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.entries[2].ppid = 4242;
    writeFileSync(f, JSON.stringify(d));
    t.regex(importError(dir).message, /pstree\.json: \$\.entries\[2\]\.ppid: pid 7710's parent 4242 has no entry/);
    d.entries[2].ppid = 7707;
    d.entries[2].pid = 7709;
    writeFileSync(f, JSON.stringify(d));
    t.regex(importError(dir).message, /pid 7709 appears twice/);
  });
  withCopy('pidns', true, (dir) => {
    const f = join(dir, 'ids-3.json');
    const d = JSON.parse(readFileSync(f, 'utf8'));
    d.entries[0].pid_ns_id = 77;
    writeFileSync(f, JSON.stringify(d));
    t.regex(importError(dir).message, /ids-3\.json: pid_ns_id 77 differs from the dump root's 9: nested pid namespaces are not supported/);
  });
});

test('not a directory / no such directory', (t) => {
  t.regex(importError('/nonexistent/criu').message, /^\/nonexistent\/criu: no such directory$/);
  t.regex(importError('package.json').message, /^package\.json: not a directory/);
  t.false(isCriuDir('package.json'));
});

