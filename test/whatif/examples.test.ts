/** What-if outcomes on the examples, through the real planner. */
import test from 'ava';
import { loadImageFile } from '../../model/load.js';
import { runWhatIf } from '../../whatif/compare.js';
import { renderWhatIf } from '../../whatif/render.js';
import { forbidScenario, maxHelpersScenario } from '../../whatif/scenarios/rules.js';
import { deadScenario } from '../../whatif/scenarios/dead.js';
import { dropScenario } from '../../whatif/scenarios/drop.js';
import { noSubreaperScenario, setsidScenario } from '../../whatif/scenarios/flags.js';
import { kernelScenario, withoutScenario } from '../../whatif/scenarios/kernel.js';
import { unprivilegedScenario } from '../../whatif/scenarios/unprivileged.js';
import { targetScenario, targetCollisions } from '../../whatif/scenarios/target.js';
import type { Scenario } from '../../whatif/scenario.js';

const ex = (name: string) => loadImageFile(new URL(`../../examples/${name}`, import.meta.url).pathname);
const wi = (name: string, ...s: Scenario[]) => runWhatIf(ex(name), name, s);
const opsOf = (r: ReturnType<typeof wi>, side: 'baseline' | 'scenario') => {
  const o = r[side];
  return o.kind === 'plan' ? o.plan.ops : [];
};

test('--forbid clone-parent: session00 loses CLONE_PARENT and needs a reparent helper instead', (t) => {
  const r = wi('session00.json', forbidScenario('clone-parent'));
  t.true(opsOf(r, 'baseline').some((o) => o.op === 'clone' && o.flags.includes('CLONE_PARENT')));
  t.true(r.report.scenario.restorable);
  t.false(opsOf(r, 'scenario').some((o) => o.op === 'clone' && o.flags.includes('CLONE_PARENT')));
  t.is(r.report.scenario.helpers.length, r.report.baseline.helpers.length + 1);
  t.true(r.report.scenario.helpers.some((h) => h.role === 'reparent-helper'));
  const gone = r.report.delta.filter((d) => d.key.startsWith('clone[CLONE_PARENT]'));
  t.true(gone.length > 0 && gone.every((d) => d.scenario === 0 && d.baseline > 0));
});

test('--forbid clone-parent --forbid helpers: session00 is not restorable and the explanation names CLONE_PARENT', (t) => {
  const r = wi('session00.json', forbidScenario('clone-parent'), forbidScenario('helpers'));
  t.false(r.report.scenario.restorable);
  t.regex(r.report.scenario.explanation, /CLONE_PARENT/);
  t.regex(renderWhatIf(r.report), /NOT RESTORABLE/);
});

test('--forbid helpers and --max-helpers bind on session01', (t) => {
  const a = wi('session01.json', forbidScenario('helpers'));
  t.is(a.report.scenario.outcome, 'impossible');
  t.regex(a.report.scenario.explanation, /forbid\.helpers is binding/);
  const b = wi('session01.json', maxHelpersScenario(1));
  t.false(b.report.scenario.restorable);
  t.regex(b.report.scenario.explanation, /maxHelpers = 1/);
  t.true(wi('session01.json', maxHelpersScenario(2)).report.scenario.restorable);
});

test('--dead of a session leader: one more helper (session01 task 4, container task 20)', (t) => {
  for (const [name, tid] of [['session01.json', 4], ['container.json', 20]] as const) {
    const r = wi(name, deadScenario(tid));
    t.true(r.report.scenario.restorable, name);
    t.is(r.report.scenario.helpers.length, r.report.baseline.helpers.length + 1, name);
    const ghost = opsOf(r, 'scenario').find((o) => o.op === 'clone' && o.setTid?.[0] === tid);
    t.truthy(ghost, `${name}: a helper takes pid ${tid}`);
    t.false(opsOf(r, 'scenario').some((o) => o.actor === `t${tid}`));
  }
});

test('--dead under a subreaper: the orphan is reparented to it and the plan shrinks', (t) => {
  const r = wi('subreaper.json', deadScenario(203));
  t.is(r.scenarioImage.tasks.find((x) => x.pid[0] === 204)!.ppid, 200);
  t.true(r.report.scenario.restorable);
  t.deepEqual(r.report.delta.map((d) => d.key), ['clone by t203']);
});

test('--drop 2 on session00: the session outlives its leader and needs a ghost', (t) => {
  const r = wi('session00.json', dropScenario(2));
  t.is(r.report.scenario.tasks, 3);
  t.true(r.report.scenario.restorable);
  t.true(r.report.scenario.helpers.some((h) => h.role === 'session-ghost' && /session 2\b/.test(h.why)));
});

test('--no-subreaper 200: the subreaper op disappears', (t) => {
  const r = wi('subreaper.json', noSubreaperScenario(200));
  t.true(r.report.scenario.restorable);
  t.deepEqual(r.report.delta, [{ key: 'subreaper by t200', baseline: 1, scenario: 0 }]);
});

test('--setsid of a group leader with members: the what-if shows the validation finding', (t) => {
  const r = wi('container.json', setsidScenario(11));
  t.false(r.report.scenario.restorable);
  t.true(r.report.scenario.findings.some((f) => f.startsWith('GROUP_SPANS_SESSIONS')));
  t.true(r.report.notes.some((n) => n.includes('EPERM')));
});

test('--without set_tid and --kernel 5.4: pids come from ns_last_pid writes', (t) => {
  for (const s of [withoutScenario(['set_tid']), kernelScenario('5.4')]) {
    const r = wi('session01.json', s);
    t.true(r.report.scenario.restorable, s.label);
    const ops = opsOf(r, 'scenario');
    t.false(ops.some((o) => o.op === 'clone' && o.setTid !== undefined), s.label);
    t.true(ops.some((o) => o.op === 'write-ns-last-pid'), s.label);
    t.true(r.report.delta.every((d) => d.key.startsWith('write-ns-last-pid') && d.scenario > d.baseline), s.label);
    t.true(r.report.scenario.binding.includes('PID-6'), s.label);
  }
  const k52 = wi('session00-host.json', kernelScenario('5.2'));
  t.true(opsOf(k52, 'scenario').filter((o) => o.op === 'clone').every((o) => o.op === 'clone' && o.legacy === true));
});

test('--unprivileged: threads is restored one pid-ns level down inside a user ns of the restorer', (t) => {
  const r = wi('threads.json', unprivilegedScenario());
  t.true(r.report.scenario.restorable);
  const ops = opsOf(r, 'scenario');
  t.true(ops[0].op === 'clone' && ops[0].flags.includes('CLONE_NEWUSER') && ops[0].flags.includes('CLONE_NEWPID'));
  t.true(r.report.delta.some((d) => d.key === 'write-idmap by root' && d.scenario === 1));
});

test('--target: session00-host against itself collides everywhere at level 0; session00 (fresh level 0) never', (t) => {
  const host = ex('session00-host.json');
  const a = targetCollisions(host, host, 'self');
  t.is(a.collisions.filter((c) => c.kind === 'pid').length, host.tasks.length);
  t.true(a.freshPidNsAvoids);
  t.deepEqual(targetCollisions(ex('session00.json'), host, 'host').collisions, []);
  const r = wi('session00-host.json', targetScenario(host, 'self'));
  t.deepEqual(r.report.delta, []);
  t.true(r.report.notes[0].includes('collision'));
});
