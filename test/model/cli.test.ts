import test from 'ava';
import { crplanSync } from '../helpers/cli.js';

const crplan = crplanSync;

test('validate: consistent images exit 0', (t) => {
  const r = crplan('validate', 'examples/session01.json', 'examples/container.json');
  t.is(r.code, 0, r.err);
  t.regex(r.out, /examples\/session01\.json: ok/);
  t.regex(r.out, /examples\/container\.json: ok/);
});

test('validate: findings exit 1, text names file:line, code, chain', (t) => {
  const r = crplan('validate', 'examples/invalid/SESSION_LEADER_WRONG_GROUP.json');
  t.is(r.code, 1);
  t.regex(r.out, /^examples\/invalid\/SESSION_LEADER_WRONG_GROUP\.json:\d+: SESSION_LEADER_WRONG_GROUP task 4 /m);
  t.regex(r.out, /^ {4}- setsid\(\) makes the caller leader/m);
  t.regex(r.out, /1 error\(s\): not a state Linux can produce/);
});

test('validate --json: findings for tools, exit 1 when any image is bad', (t) => {
  const r = crplan('validate', '--json', 'examples/zombies.json', 'examples/invalid/PIDNS_NO_INIT.json');
  t.is(r.code, 1);
  const res = JSON.parse(r.out) as Array<{ file: string; ok: boolean; findings: Array<{ code: string; line: number; chain: string[] }> }>;
  t.is(res.length, 2);
  t.true(res[0].ok);
  t.false(res[1].ok);
  t.is(res[1].findings[0].code, 'PIDNS_NO_INIT');
  t.true(res[1].findings[0].line > 0);
});

test('validate: unusable input exits 2 with one line, no stack trace', (t) => {
  const r = crplan('validate', 'examples/none.json');
  t.is(r.code, 2);
  t.is(r.err.trim(), 'crplan: examples/none.json: no such file');
  const b = crplan('validate', 'package.json');
  t.is(b.code, 2);
  t.regex(b.err.trim(), /^crplan: package\.json: \$: missing "format"/);
  t.notRegex(b.err, /\n\s+at /);
});

test('validate: bad invocation exits 2', (t) => {
  t.is(crplan('validate').code, 2);
  t.is(crplan('validate', '--no-such-flag', 'examples/session00.json').code, 2);
});

test('show: tree, sessions and namespaces', (t) => {
  const r = crplan('show', 'examples/nested-pidns.json');
  t.is(r.code, 0, r.err);
  t.regex(r.out, /^ {6}602 \[602 2\] a2 /m);
  t.regex(r.out, /pidC \(level 3\).*pid_for_children of 604/);
  t.regex(r.out, /session 600:/);
  const j = crplan('show', '--json', 'examples/threads.json');
  t.is(j.code, 0);
  t.is((JSON.parse(j.out) as { tasks: unknown[] }).tasks.length, 6);
  t.is(crplan('show', 'examples/none.json').code, 2);
});
