import test from 'ava';
import { crplanSync } from '../helpers/cli.js';
import { mkdtempSync, rmSync, truncateSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCriuDir } from '../../criu/import.js';
import { loadImageFile } from '../../model/load.js';
import { copySet, setDir } from './helpers.js';

const crplan = crplanSync;

test('import criu DIR -o IMAGE writes the image atomically and summarises it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-criu-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'mixed.json');
  const r = crplan('import', 'criu', setDir('mixed-sessions'), '-o', out);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /imported .*mixed-sessions -> .*mixed\.json: 6 processes, 8 tasks, 1 zombie\(s\)/);
  t.regex(r.out, /own namespaces \(recreated on restore\): pid:pid9/);
  t.regex(r.out, /namespace ownership/);
  t.deepEqual(loadImageFile(out), importCriuDir(setDir('mixed-sessions')).image);
  const j = crplan('import', 'criu', setDir('stopped'), '-o', join(dir, 's.json'), '--json');
  t.is(j.code, 0, j.err);
  const s = JSON.parse(j.out) as { processes: number; stopped: number; warnings: string[] };
  t.deepEqual([s.processes, s.stopped, s.warnings], [1, 1, []]);
});

test('import: bad input exits 2 with one line naming file and offset, writes nothing', (t) => {
  const c = copySet('plain');
  t.teardown(c.cleanup);
  truncateSync(join(c.dir, 'core-7707.img'), 1000);
  const out = join(c.dir, 'out.json');
  const r = crplan('import', 'criu', c.dir, '-o', out);
  t.is(r.code, 2);
  t.is(r.err.trim().split('\n').length, 1);
  t.regex(r.err, /^crplan: .*core-7707\.img: offset 8: entry length 2276 runs past end of file/);
  t.false(existsSync(out));
  const v = crplan('validate', c.dir);
  t.is(v.code, 2);
  t.regex(v.err, /core-7707\.img: offset 8: entry length/);
});

test('validate and plan accept a CRIU directory directly', (t) => {
  const v = crplan('validate', setDir('pid-mnt-uts'), join(setDir('pid-mnt-uts'), 'decoded'));
  t.is(v.code, 0, v.err);
  t.regex(v.out, /pid-mnt-uts: ok/);
  t.regex(v.out, /decoded: ok/);
  const p = crplan('plan', setDir('mixed-sessions'));
  t.is(p.code, 0, p.err);
  t.regex(p.out, /group-ghost +pid 8/);
  t.regex(p.out, /verified +yes/);
});
