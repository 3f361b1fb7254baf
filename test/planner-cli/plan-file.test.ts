import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan, planToText, readPlanFile, writePlanFile } from '../../planner/plan-file.js';
import { InputError } from '../../model/errors.js';
import { ghostPlan } from './fixtures.js';

function errorOf(text: string): string {
  try {
    parsePlan(text, 'p.json');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.message;
  }
  throw new Error('parsed');
}

/** The plan text with one change made to the parsed object. */
function mutated(f: (p: any) => void): string {
  const p = JSON.parse(planToText(ghostPlan()));
  f(p);
  return JSON.stringify(p, null, 2);
}

test('round trip: write then read gives the same plan; one op per line; no temp file left', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-planfile-'));
  try {
    const file = join(dir, 'sub', 'x.plan.json');
    writePlanFile(file, ghostPlan());
    t.deepEqual(readPlanFile(file), ghostPlan());
    t.deepEqual(readdirSync(join(dir, 'sub')), ['x.plan.json']);
    const text = planToText(ghostPlan());
    t.is(text.split('\n').filter((l) => l.trimStart().startsWith('{"op":')).length, ghostPlan().ops.length);
    t.true(text.indexOf('"ops"') < text.indexOf('"summary"'), 'ops before the summary');
    const dollar = ghostPlan();
    dollar.ops[1].why = "costs $& and $' and $1";
    t.deepEqual(parsePlan(planToText(dollar), 'x'), dollar, '$ sequences survive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('errors name the file, the JSON path (with line) and the rule, in one line', (t) => {
  const cases: Array<[string, RegExp]> = [
    ['{"format": "crplan-plan/1",\n  "ops": [}', /^p\.json: line 2, column 11: invalid JSON/],
    ['[]', /^p\.json: \$ \(line 1\): must be an object, found an array/],
    ['{}', /^p\.json: \$ \(line 1\): missing "format"/],
    [mutated((p) => { p.format = 'crplan-plan/9'; }), /^p\.json: \$\.format \(line 2\): unsupported format "crplan-plan\/9"/],
    [mutated((p) => { p.ops[2].op = 'fork'; }), /^p\.json: \$\.ops\[2\]\.op \(line \d+\): unknown operation "fork" \(known: clone, /],
    [mutated((p) => { p.ops[6].flags = ['CLONE_PARENT', 'CLONE_SIBLING']; }), /^p\.json: \$\.ops\[6\]\.flags\[1\] \(line \d+\): unknown clone flag "CLONE_SIBLING"/],
    [mutated((p) => { p.ops[3].actor = 'h9'; }), /\$\.ops\[3\]\.actor .*: actor "h9" is not created by any earlier clone/],
    [mutated((p) => { p.ops[5].child = 't1'; }), /\$\.ops\[5\]\.child .*: name "t1" is already used/],
    [mutated((p) => { p.ops[7].pgid = -3; }), /\$\.ops\[7\]\.pgid .*: must be >= 0, found -3/],
    [mutated((p) => { p.ops[7].pid = '0'; }), /\$\.ops\[7\]\.pid .*: must be an integer, found a string/],
    [mutated((p) => { p.ops[8].signal = 9; }), /\$\.ops\[8\] .*: exit takes "code" or "signal", not both/],
    [mutated((p) => { p.ops[1].flags = []; }), /\$\.ops\[1\]\.flags .*: unknown field for this op/],
    [mutated((p) => { p.summary.operations = 3; }), /\$\.summary\.operations .*: says 3 but the plan has 11 ops/],
    [mutated((p) => { p.helpers[0].role = 'ghost'; }), /\$\.helpers\[0\]\.role .*: must be one of session-ghost/],
    [mutated((p) => { p.image.sha256 = 'xyz'; }), /\$\.image\.sha256 .*: must be 64 lowercase hex digits/],
    [mutated((p) => { p.actors['3'] = 't99'; }), /\$\.actors .*: actor "t99" is never created/],
    [mutated((p) => { p.summary.solver[0].method = 'magic'; }), /\$\.summary\.solver\[0\]\.method .*: must be forced, lp or fallback/],
  ];
  for (const [text, re] of cases) {
    const msg = errorOf(text);
    t.regex(msg, re);
    t.false(msg.includes('\n'), 'one line');
    if (!msg.includes("invalid JSON")) t.regex(msg, /\(plan format crplan-plan\/1\)$/);
  }
});

test('exit with core: read back as written; core without a signal or not a boolean is refused', (t) => {
  const withCore = (core: unknown, sig = true) => mutated((p) => {
    const i = p.ops.findIndex((o: any) => o.op === 'exit');
    p.ops[i] = sig ? { op: 'exit', actor: p.ops[i].actor, signal: 11, core, group: true } : { op: 'exit', actor: p.ops[i].actor, code: 0, core, group: true };
  });
  const read = parsePlan(withCore(true), 'p.json');
  t.true(read.ops.some((o) => o.op === 'exit' && o.core === true && o.signal === 11));
  t.regex(errorOf(withCore(true, false)), /"core" goes with "signal" only/);
  t.regex(errorOf(withCore('yes')), /core.*must be true or false/);
});

test('unreadable files: one line naming the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crplan-planfile-'));
  try {
    t.throws(() => readPlanFile(join(dir, 'nope.json')), { instanceOf: InputError, message: /nope\.json: no such file$/ });
    t.throws(() => readPlanFile(dir), { instanceOf: InputError, message: /is a directory, not a plan file/ });
    writeFileSync(join(dir, 'empty.json'), '');
    t.throws(() => readPlanFile(join(dir, 'empty.json')), { instanceOf: InputError, message: /empty\.json: line 1, column 1: invalid JSON/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('write-timens-offsets with thread: read back as written; a thread that is not a boolean is refused', (t) => {
  const withThread = (thread: unknown) => mutated((p) => {
    p.ops.push({ op: 'write-timens-offsets', actor: p.ops[0].actor, monotonic: 5, boottime: 0, thread });
    p.summary.operations = p.ops.length;
  });
  const read = parsePlan(withThread(true), 'p.json');
  t.true(read.ops.some((o) => o.op === 'write-timens-offsets' && o.thread === true && o.monotonic === 5));
  t.regex(errorOf(withThread('yes')), /thread.*must be true or false/);
});
