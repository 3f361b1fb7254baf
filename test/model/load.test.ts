import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../model/errors.js';
import { loadImageFile, parseImage } from '../../model/load.js';
import { checkSchema, describe as describeSchema, imageSchema, schemaAt } from '../../model/schema.js';
import { findSyntaxError, PathLocator } from '../../model/jsontext.js';
import { exampleFiles } from './helpers.js';
import { validateImage } from '../../model/validate.js';
import { readFileSync } from 'node:fs';

const good = readFileSync('examples/session00.json', 'utf8');

function err(t: import('ava').ExecutionContext, text: string): string {
  const e = t.throws(() => parseImage(text, 'x.json'), { instanceOf: InputError });
  return e!.message;
}

test('missing file: one line naming it', (t) => {
  const e = t.throws(() => loadImageFile('no/such/image.json'), { instanceOf: InputError });
  t.is(e!.message, 'no/such/image.json: no such file');
});

test('a directory that is not a CRIU dump', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-load-'));
  try {
    const e = t.throws(() => loadImageFile(dir), { instanceOf: InputError });
    t.regex(e!.message, /is a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid JSON: line and column of the error', (t) => {
  t.is(err(t, '{\n  "format": "crplan-image/1",\n  "tasks": [1,\n}'), 'x.json: line 4, column 1: invalid JSON: unexpected character "}", expected a value');
  t.is(err(t, '{"a": 1'), 'x.json: line 1, column 8: invalid JSON: unexpected end of input');
  t.is(err(t, '{"a": 1} x'), 'x.json: line 1, column 10: invalid JSON: unexpected "x" after the end of the JSON value');
  t.is(err(t, '{\n "a": "b\\q"}'), 'x.json: line 2, column 10: invalid JSON: bad escape in string');
  t.is(err(t, ''), 'x.json: line 1, column 1: invalid JSON: unexpected end of input');
});

test('syntax positions agree with the text for every truncation of an example', (t) => {
  for (let cut = 1; cut < good.length; cut += 97) {
    const text = good.slice(0, cut);
    const { pos } = findSyntaxError(text);
    t.true(pos.offset <= text.length && pos.line >= 1 && pos.column >= 1);
  }
});

test('format: missing, wrong, not an object', (t) => {
  t.is(err(t, '[]'), 'x.json: $: must be a JSON object with "format": "crplan-image/1" (schema)');
  t.regex(err(t, '{"tasks": []}'), /^x\.json: \$: missing "format"/);
  t.is(err(t, '{\n"format": "crplan-image/2"}'), 'x.json: $.format (line 2): unsupported format "crplan-image/2"; this crplan reads "crplan-image/1" (format)');
});

test('schema violations name the JSON path and line', (t) => {
  const img = JSON.parse(good);
  img.tasks[3].pid = ['x'];
  const text = JSON.stringify(img, null, 2);
  const line = text.split('\n').findIndex((l) => l.includes('"x"')) + 1;
  t.is(err(t, text), `x.json: $.tasks[3].pid[0] (line ${line}): must be an integer between 1 and 4194304 (schema)`);
  img.tasks[3].pid = 7;
  t.regex(err(t, JSON.stringify(img)), /^x\.json: \$\.tasks\[3\]\.pid \(line 1\): must be an array of integers between 1 and 4194304 \(schema\)$/);
  img.tasks[3].pid = [0];
  t.regex(err(t, JSON.stringify(img)), /^x\.json: \$\.tasks\[3\]\.pid\[0\] \(line 1\): must be an integer between 1 and 4194304 \(schema\)$/);
  img.tasks[3].pid = [img.tasks[3].tgid];
  // sid and pgid may be 0 (no number in the level-0 pid ns, docs/image-format.md), never below or above pid_max
  img.tasks[3].sid = 7;
  t.regex(err(t, JSON.stringify(img)), /^x\.json: \$\.tasks\[3\]\.sid \(line 1\): must be an array of integers between 0 and 4194304 \(schema\)$/);
  img.tasks[3].sid = [-1];
  t.regex(err(t, JSON.stringify(img)), /^x\.json: \$\.tasks\[3\]\.sid\[0\] \(line 1\): must be an integer between 0 and 4194304 \(schema\)$/);
  img.tasks[3].sid = [4194305];
  t.regex(err(t, JSON.stringify(img)), /\$\.tasks\[3\]\.sid\[0\].*between 0 and 4194304 \(schema\)$/);
  delete img.tasks[2].pgid;
  img.tasks[3].sid = [7];
  t.regex(err(t, JSON.stringify(img)), /\$\.tasks\[2\].*missing required property "pgid"/);
  const img2 = JSON.parse(good);
  img2.tasks[0].state = 'sleeping';
  t.regex(err(t, JSON.stringify(img2)), /\$\.tasks\[0\]\.state.*must be one of "running", "stopped", "zombie", "dead" \(schema\)/);
});

test('structure: exit only on zombies, code xor signal', (t) => {
  const img = JSON.parse(good);
  img.tasks[1].state = 'zombie';
  t.regex(err(t, JSON.stringify(img)), /\$\.tasks\[1\].*a zombie needs "exit".*\(format\)/);
  img.tasks[1].exit = { code: 1, signal: 9 };
  t.regex(err(t, JSON.stringify(img)), /\$\.tasks\[1\]\.exit.*exactly one of "code" and "signal"/);
  img.tasks[1].state = 'running';
  img.tasks[1].exit = { code: 1 };
  t.regex(err(t, JSON.stringify(img)), /"exit" is only for zombies/);
});

test('lastPid: -1 (a pid ns that has allocated nothing, as snapshots write it) loads; below -1 does not', (t) => {
  const img = JSON.parse(good);
  const pidns = img.namespaces.find((n: { type: string }) => n.type === 'pid');
  pidns.lastPid = -1;
  t.is(parseImage(JSON.stringify(img), 'x.json').namespaces.find((n) => n.type === 'pid')?.lastPid, -1);
  pidns.lastPid = -2;
  t.regex(err(t, JSON.stringify(img)), /lastPid.*-1.*\(schema\)/);
});

test('the schema file and the checker agree on every example and invalid example', (t) => {
  for (const f of [...exampleFiles('examples'), ...exampleFiles('examples/invalid')]) {
    t.is(checkSchema(JSON.parse(readFileSync(f, 'utf8'))), undefined, f);
  }
  // every task field the examples use is declared in the schema, and every required field is used
  const taskNode = schemaAt(['tasks', 0])!;
  const used = new Set<string>();
  for (const f of exampleFiles('examples')) for (const x of JSON.parse(readFileSync(f, 'utf8')).tasks) for (const k of Object.keys(x)) used.add(k);
  for (const k of used) t.truthy(taskNode.properties![k], `schema lacks task.${k}`);
  for (const k of taskNode.required!) t.true(used.has(k), `no example uses ${k}`);
  t.is(describeSchema({ type: 'array', items: { type: 'integer' } }), 'an array of integers');
  t.is(imageSchema.properties!.format.const, 'crplan-image/1');
});

test('path locator finds lines of nested values', (t) => {
  const text = '{\n "a": [\n  {"b": 1},\n  {\n   "b": [5,\n 6]}\n ]\n}';
  const loc = new PathLocator(text);
  t.is(loc.line('$.a[1].b[1]'), 6);
  t.is(loc.line('$.a[0].b'), 3);
  t.is(loc.line('$.a[7]'), undefined);
  t.is(loc.line('$.zz'), undefined);
});

test('findings of parsed images carry the line of their JSON path; in-memory images get none', (t) => {
  const text = readFileSync('examples/invalid/PPID_DANGLING.json', 'utf8');
  const img = parseImage(text, 'p.json');
  const [f] = validateImage(img);
  t.is(f.code, 'PPID_DANGLING');
  const idx = (JSON.parse(text) as { tasks: Array<{ pid: number[] }> }).tasks.findIndex((x) => x.pid[0] === 5);
  t.is(f.path, `$.tasks[${idx}].ppid`);
  t.is(f.line, text.split('\n').findIndex((l) => l.includes('"pid": [5]')) + 1);
  const copy = JSON.parse(text);
  const [g] = validateImage(copy);
  t.is(g.code, 'PPID_DANGLING');
  t.is(g.line, undefined);
});
