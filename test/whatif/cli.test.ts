/** `crplan whatif` and `crplan script` end to end: exit codes, columns, JSON, one-line errors. */
import test from 'ava';
import { crplan } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = process.cwd();
const ex = (n: string) => join(ROOT, 'examples', n);


test('whatif prints two columns and the plan difference; exit 0 when the scenario restores', async (t) => {
  const r = await crplan('whatif', ex('session00.json'), '--forbid', 'clone-parent');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^baseline +\| scenario$/m);
  t.regex(r.stdout, /RESTORABLE +\| RESTORABLE/);
  t.regex(r.stdout, /\+ clone by reparent-helper helper\(s\): 0 -> 1/);
});

test('whatif exits 1 when the scenario is not restorable; --json carries both sides', async (t) => {
  const r = await crplan('whatif', ex('session01.json'), '--forbid', 'helpers', '--json');
  t.is(r.code, 1);
  const j = JSON.parse(r.stdout);
  t.true(j.baseline.restorable);
  t.false(j.scenario.restorable);
  t.deepEqual(j.scenarios, ['--forbid helpers']);
});

test('whatif --no-subreaper is its own option and scenarios combine', async (t) => {
  const r = await crplan('whatif', ex('subreaper.json'), '--no-subreaper', '200', '--kernel', '5.4', '--json');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.deepEqual(j.scenarios, ['--no-subreaper 200', '--kernel 5.4']);
  t.is(j.scenario.opKinds.subreaper, undefined);
  t.true(j.scenario.opKinds['write-ns-last-pid'] > 0);
});

test('whatif --target reports collisions in JSON', async (t) => {
  const r = await crplan('whatif', ex('session00-host.json'), '--target', ex('session00-host.json'), '--json');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.true(j.target.joinsHostPidNs);
  t.true(j.target.collisions.length >= 10);
});

test('whatif: bad input is one line, exit 2', async (t) => {
  for (const args of [['--dead', '999'], ['--without', 'settid'], ['--forbid', 'vfork'], []]) {
    const r = await crplan('whatif', ex('session00.json'), ...args);
    t.is(r.code, 2, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.notRegex(r.stderr, /at .*\.ts:\d+/);
  }
});

test('script writes the C program and the sh script; no plan -> exit 1 and no file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-script-cli-'));
  try {
    const c = await crplan('script', ex('session00.json'), '--format', 'c', '-o', join(dir, 'r.c'));
    t.is(c.code, 0, c.stderr);
    const src = readFileSync(join(dir, 'r.c'), 'utf8');
    t.regex(src, /\/\* step 0: /);
    t.regex(src, /why: /);
    t.notRegex(src, /crplan\/|import /);
    const sh = await crplan('script', ex('session00.json'), '--format', 'sh', '-o', join(dir, 'r.sh'));
    t.is(sh.code, 0, sh.stderr);
    t.true((statSync(join(dir, 'r.sh')).mode & 0o100) !== 0);
    t.regex(readFileSync(join(dir, 'r.sh'), 'utf8'), /^#!\/bin\/sh/);
    // a session leader outside its own group: no plan exists (impossible, SID-2)
    const no = await crplan('script', ex('invalid/SESSION_LEADER_WRONG_GROUP.json'), '-o', join(dir, 'z.c'));
    t.is(no.code, 1);
    t.regex(no.stdout + no.stderr, /No plan exists/);
    t.throws(() => statSync(join(dir, 'z.c')));
    // zombies.json (a core-dumped zombie) now has one: the C program dumps core for it
    const z = await crplan('script', ex('zombies.json'), '--format', 'c', '-o', join(dir, 'zz.c'));
    t.is(z.code, 0, z.stderr);
    t.regex(readFileSync(join(dir, 'zz.c'), 'utf8'), /#define NEED_CORE 1/);
    const bad = await crplan('script', ex('session00.json'), '--format', 'py');
    t.is(bad.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
