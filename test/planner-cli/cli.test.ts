/**
 * The plan, simulate, explain and graph commands end to end: spawned as `node --import tsx
 * cli/main.ts ...`, checking exit codes (0 ok, 1 bad image/plan, 2 unusable input), stdout and
 * the one-line errors on stderr.
 */
import test from 'ava';
import { crplan } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlan, planToText } from '../../planner/plan-file.js';
import { planImage } from '../../planner/index.js';
import { image } from '../planner/fixtures.js';
import { checkXml } from './xml.js';

const ROOT = process.cwd();
const EXAMPLE = join(ROOT, 'examples', 'session01.json');


const dir = mkdtempSync(join(tmpdir(), 'crplan-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test.serial('plan: listing on stdout, plan file written, exit 0; simulate replays it cleanly', async (t) => {
  const planFile = join(dir, 's01.plan.json');
  const r = await crplan('plan', EXAMPLE, '-o', planFile);
  t.is(r.code, 0, r.stderr);
  t.is(r.stderr, '');
  const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
  t.true(plan.summary.verified);
  for (let i = 0; i < plan.ops.length; i++) t.regex(r.stdout, new RegExp(`\\n\\s*${i}\\s+${plan.ops[i].actor}\\s`), `op ${i} listed`);
  t.regex(r.stdout, /verified\s+yes/);
  t.regex(r.stdout, new RegExp(`helpers\\s+${plan.helpers.length}\\b`));
  const s = await crplan('simulate', EXAMPLE, planFile);
  t.is(s.code, 0, s.stdout + s.stderr);
  t.regex(s.stdout, new RegExp(`OK: ${plan.ops.length} operations replayed`));
  t.is(s.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l)).length, plan.ops.length, 'one result line per op');
});

test.serial('simulate: a tampered plan fails or differs, exit 1, every difference printed', async (t) => {
  const plan = parsePlan(readFileSync(join(dir, 's01.plan.json'), 'utf8'), 'x');
  // drop the setsid of an image task: the replay must either fail or restore a different tree
  const i = plan.ops.findIndex((o) => o.op === 'setsid' && Object.values(plan.actors).includes(o.actor) && o.actor !== plan.actors['1']);
  t.true(i >= 0);
  plan.ops.splice(i, 1);
  plan.summary.operations = plan.ops.length;
  const bad = join(dir, 'tampered.plan.json');
  writeFileSync(bad, planToText(plan));
  const s = await crplan('simulate', EXAMPLE, bad);
  t.is(s.code, 1);
  t.regex(s.stdout, /^(FAILED: op \d+|DIFFERENT: the restored tree differs from the image in \d+ place)/m);
  const m = /differs from the image in (\d+) place/.exec(s.stdout);
  if (m) t.is(s.stdout.split('\n').filter((l) => /^  \S+ task \d+: |^  \S+: /.test(l)).length, Number(m[1]));
  const j = await crplan('simulate', EXAMPLE, bad, '--json');
  t.is(j.code, 1);
  const out = JSON.parse(j.stdout);
  t.false(out.ok);
  t.true(out.failedAt !== -1 || out.differences.length > 0);
});

test('plan --json prints a plan file that parses', async (t) => {
  const r = await crplan('plan', EXAMPLE, '--json');
  t.is(r.code, 0, r.stderr);
  t.notThrows(() => parsePlan(r.stdout, 'stdout'));
});

test('plan: an image with no plan exits 1 with the explanation (same answer as the library)', async (t) => {
  // 5 is in session 3, but 3 is alive and leads nothing (its session is 2): session 3 can only
  // come from 3's setsid, which would take 3 out of session 2.
  const img = image([{ pid: 2, ppid: 0 }, { pid: 3, ppid: 2, sid: 2, pgid: 2 }, { pid: 5, ppid: 3, sid: 3, pgid: 3 }]);
  const file = join(dir, 'bad-session.json');
  writeFileSync(file, JSON.stringify(img));
  const lib = planImage(img);
  t.not(lib.kind, 'plan');
  const r = await crplan('plan', file);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, lib.kind === 'impossible' ? /^No plan exists for / : /^Undecided: /);
  const j = await crplan('plan', file, '--json');
  t.is(j.code, 1);
  t.is(JSON.parse(j.stdout).result, lib.kind);
});

test('unusable input: exit 2 and one line naming the file (and the JSON path)', async (t) => {
  const missing = await crplan('plan', join(dir, 'nope.json'));
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^crplan: .*nope\.json: no such file\n$/);
  const badPlan = join(dir, 'bad.plan.json');
  writeFileSync(badPlan, JSON.stringify({ format: 'crplan-plan/1', image: { sha256: 'a'.repeat(64) }, actors: {}, helpers: [], ops: [{ op: 'teleport', actor: 'root' }], summary: {} }, null, 2));
  const s = await crplan('simulate', EXAMPLE, badPlan);
  t.is(s.code, 2);
  t.regex(s.stderr, /^crplan: .*bad\.plan\.json: \$\.ops\[0\]\.op \(line \d+\): unknown operation "teleport"/);
  t.is(s.stderr.trim().split('\n').length, 1);
  t.false(s.stderr.includes('    at '), 'no stack trace');
});

test('explain: creator, flags, pids, helpers and ordering edges of a task; unknown task exits 2', async (t) => {
  const r = await crplan('explain', EXAMPLE, '14');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^task 14 \(actor t14/);
  t.regex(r.stdout, /created by h\d+ at op \d+: t14 = clone3\(/);
  t.regex(r.stdout, /pids \(set_tid, innermost first\): 14/);
  t.regex(r.stdout, /helpers that concern it:\n  h\d+ \(session-ghost\) creates it, holds its session 6/);
  t.regex(r.stdout, /must happen after \(other steps first\):\n  .+ -> .+: .+/);
  const j = await crplan('explain', EXAMPLE, '14', '--json');
  const ex = JSON.parse(j.stdout);
  t.is(ex.task, 14);
  t.is(ex.createdBy.creatorIsParent, false);
  const h = await crplan('explain', EXAMPLE, ex.createdBy.actor);
  t.is(h.code, 0);
  t.regex(h.stdout, /^helper h\d+ \(session-ghost, pid 6\)/);
  t.regex(h.stdout, /it creates \d+ tasks?:[^]*t14 = clone3/);
  const u = await crplan('explain', EXAMPLE, '999');
  t.is(u.code, 2);
  t.regex(u.stderr, /no task with level-0 tid 999/);
});

test('graph: DOT on stdout, SVG file well-formed with one node group per DOT node', async (t) => {
  const d = await crplan('graph', EXAMPLE);
  t.is(d.code, 0, d.stderr);
  t.regex(d.stdout, /^digraph /);
  const dotNodes = d.stdout.split('\n').filter((l) => /^  "[^"]+" \[label=/.test(l)).length;
  const svgFile = join(dir, 'g.svg');
  const s = await crplan('graph', EXAMPLE, '-o', svgFile);
  t.is(s.code, 0, s.stderr);
  t.regex(s.stdout, /wrote .*g\.svg \(\d+ nodes, \d+ edges, svg\)/);
  const { elements } = checkXml(readFileSync(svgFile, 'utf8'));
  t.is(elements.filter((e) => e.name === 'g' && e.attrs.class === 'node').length, dotNodes);
  const help = await crplan('plan', '--help');
  t.regex(help.stdout, /Examples:[^]*crplan plan examples\/session01\.json/);
});
