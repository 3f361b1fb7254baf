import test from 'ava';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadImageFile, parseImage } from '../../model/load.js';
import { validateImage } from '../../model/validate.js';
import { RULES } from '../../model/rules/index.js';
import { EXAMPLES, INVALID, exampleFiles } from './helpers.js';

const examples = exampleFiles(EXAMPLES);
const invalid = exampleFiles(INVALID);

test('there are at least 12 examples, each with a description', (t) => {
  t.true(examples.length >= 12, `${examples.length} examples`);
  for (const f of examples) {
    const img = loadImageFile(f);
    t.true(typeof img.description === 'string' && img.description.length > 40, `${f} needs a description`);
  }
});

for (const f of examples) {
  test(`example ${basename(f)} validates with no finding at all`, (t) => {
    const findings = validateImage(loadImageFile(f));
    t.deepEqual(findings.map((x) => `${x.code}: ${x.message}`), []);
  });
}

for (const f of invalid) {
  const code = basename(f, '.json');
  test(`invalid/${code} fails with exactly ${code}`, (t) => {
    const findings = validateImage(loadImageFile(f)).filter((x) => x.severity === 'error');
    t.true(findings.length > 0, 'no error found');
    t.deepEqual([...new Set(findings.map((x) => x.code))], [code]);
    for (const x of findings) {
      t.true(x.chain.length > 0, 'finding without a chain of reasons');
      t.truthy(x.path, 'finding without a JSON path');
      t.true(typeof x.line === 'number' && x.line > 0, 'finding without a line');
    }
  });
}

test('every error rule has an invalid example, and every invalid example names an error rule', (t) => {
  const errorCodes = RULES.filter((r) => r.severity === 'error').map((r) => r.code).sort();
  t.deepEqual(invalid.map((f) => basename(f, '.json')).sort(), errorCodes);
});

test('session01 holds the 16-task table of prior-art section 11 (alive rows, dead ones absent)', (t) => {
  const img = loadImageFile(`${EXAMPLES}/session01.json`);
  // (pid, sid, pgid) of the alive rows; ppid of 3 and 14 is init 1 (their creators 13 and 6 are dead)
  const rows: Array<[number, number, number, number]> = [
    [2, 1, 2, 2], [4, 2, 4, 4], [15, 4, 4, 15], [16, 4, 4, 15], [18, 4, 4, 17], [5, 2, 2, 2], [8, 2, 8, 8], [9, 8, 2, 2],
    [10, 2, 10, 10], [11, 10, 11, 11], [12, 11, 2, 2], [3, 1, 2, 2], [14, 1, 6, 6],
  ];
  const got = img.tasks.filter((x) => x.pid[0] !== 1).map((x) => [x.pid[0], x.ppid, x.sid[0], x.pgid[0]]);
  t.deepEqual(got.sort((a, b) => a[0] - b[0]), rows.sort((a, b) => a[0] - b[0]));
  for (const dead of [17, 13, 6]) t.false(img.tasks.some((x) => x.pid[0] === dead));
  t.is(readFileSync(`${EXAMPLES}/session01.json`, 'utf8').includes('"format": "crplan-image/1"'), true);
});

test('the worked example of docs/image-format.md loads and validates clean', (t) => {
  const doc = readFileSync('docs/image-format.md', 'utf8');
  const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
  t.truthy(json, 'no JSON block in docs/image-format.md');
  const img = parseImage(json!, 'docs/image-format.md');
  t.deepEqual(validateImage(img).map((f) => f.code), []);
});
