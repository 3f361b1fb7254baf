/**
 * Expected what-if outcomes on the examples for the scenarios that used to answer "undecided" or
 * "planner bug" (npm run soak -- whatif sweeps every option): each is restorable with a plan
 * verified on the simulated kernel, or impossible with its kernel rule. The transformed images
 * are checked with the validator too: a scenario must produce a state Linux can reach.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { loadImageFile } from '../../model/load.js';
import { validateImage } from '../../model/validate.js';
import type { Image } from '../../model/image.js';
import { runWhatIf } from '../../whatif/compare.js';
import type { WhatIfRun } from '../../whatif/compare.js';
import { forbidScenario, maxHelpersScenario } from '../../whatif/scenarios/rules.js';
import { deadScenario } from '../../whatif/scenarios/dead.js';
import { dropScenario } from '../../whatif/scenarios/drop.js';
import { setsidScenario } from '../../whatif/scenarios/flags.js';
import { kernelScenario, withoutScenario } from '../../whatif/scenarios/kernel.js';
import { unprivilegedScenario } from '../../whatif/scenarios/unprivileged.js';
import type { Scenario } from '../../whatif/scenario.js';
import { planImage } from '../../planner/index.js';
import { CrplanError } from '../../model/errors.js';
import type { Op } from '../../executor/ops.js';
import { cloneOf } from '../helpers/plan-ops.js';

const ex = (name: string): Image => loadImageFile(new URL(`../../examples/${name}`, import.meta.url).pathname);
const wi = (name: string, ...s: Scenario[]): WhatIfRun => runWhatIf(ex(name), name, s);
const errors = (img: Image) => validateImage(img).filter((f) => f.severity === 'error').map((f) => f.message);

/** The scenario's verified plan, or a failure naming what came back instead. */
function restorable(t: ExecutionContext, r: WhatIfRun): Op[] {
  t.deepEqual(errors(r.scenarioImage), [], 'the transformed image is a reachable state');
  if (r.scenario.kind !== 'plan') {
    t.fail(`expected a plan, got ${r.scenario.kind}: ${r.report.scenario.explanation}`);
    return [];
  }
  t.true(r.scenario.plan.summary.verified);
  return r.scenario.plan.ops;
}

function impossible(t: ExecutionContext, r: WhatIfRun, rule: string) {
  if (r.scenario.kind !== 'impossible') {
    t.fail(`expected impossible, got ${r.scenario.kind}: ${r.report.scenario.explanation}`);
    return undefined;
  }
  t.is(r.scenario.proof[0].rule, rule);
  t.true(r.scenario.proof[0].chain.length >= 2, 'a chain of reasons, not a bare verdict');
  return r.scenario.proof[0];
}

test('session00 --dead 2: its children that called setsid after forking members of session 2 are created by session 2\'s ghost', (t) => {
  const r = wi('session00.json', deadScenario(2));
  const ops = restorable(t, r);
  t.is(r.scenarioImage.tasks.find((x) => x.pid[0] === 8)!.ppid, 1, 'reparented to the ns init (EXIT-2)');
  const ghost = r.report.scenario.helpers.find((h) => h.role === 'session-ghost' && /session 2\b/.test(h.why));
  t.truthy(ghost);
  // 9 keeps session 2 while its parent 8 leads session 8: 8 forks it before its own setsid, or the ghost makes it 8's child
  const c9 = cloneOf(ops, 't9')!;
  t.true(c9.actor === 't8' || (c9.actor === ghost!.name && c9.flags.includes('CLONE_PARENT')));
  // and the same for session00-host (host pids) and session01 (in a user ns)
  restorable(t, wi('session00-host.json', deadScenario(4002)));
  restorable(t, wi('session01.json', deadScenario(2)));
});

test('session00 --dead 10: 11 is born in session 2 though its new parent (the ns init 1) never is', (t) => {
  const r = wi('session00.json', deadScenario(10));
  const ops = restorable(t, r);
  t.is(r.scenarioImage.tasks.find((x) => x.pid[0] === 11)!.ppid, 1);
  // the init cannot be born in session 2 (created after it): 11 comes from a member of session 2 with CLONE_PARENT or a helper
  const c11 = cloneOf(ops, 't11')!;
  t.not(c11.actor, 't1');
  t.true(c11.flags.includes('CLONE_PARENT') || /^h\d+$/.test(c11.actor));
});

test('container --dead 10: the stopped job of the dead shell is continued (EXIT-7) and the tree restores', (t) => {
  const r = wi('container.json', deadScenario(10));
  restorable(t, r);
  const vim = r.scenarioImage.tasks.find((x) => x.pid[0] === 13)!;
  t.is(vim.state, 'running');
  t.true(r.report.notes.some((n) => /group 13 is orphaned.*SIGHUP then SIGCONT.*EXIT-7/.test(n)));
});

test('a tty-stopped task in an orphaned group is a named planner limit (EXIT-7), never a failed verification', (t) => {
  const r = wi('container.json', deadScenario(10));
  const img = structuredClone(r.scenarioImage);
  const vim = img.tasks.find((x) => x.pid[0] === 13)!;
  vim.state = 'stopped';
  vim.stopSignal = 20;
  const out = planImage(img);
  t.is(out.kind, 'undecided');
  if (out.kind === 'undecided') {
    t.notRegex(out.reason, /planner bug/);
    t.regex(out.reason, /orphaned.*EXIT-7/);
    t.deepEqual(out.culprits, [13]);
  }
  // with SIGSTOP the same state plans: SIGSTOP is never discarded
  vim.stopSignal = 19;
  t.is(planImage(img).kind, 'plan');
});

test('container --setsid 13: a process stopped by SIGTSTP is taken as running after its setsid', (t) => {
  const r = wi('container.json', setsidScenario(13));
  restorable(t, r);
  t.is(r.scenarioImage.tasks.find((x) => x.pid[0] === 13)!.state, 'running');
  t.true(r.report.notes.some((n) => n.includes('tty stop signal')));
});

test('--dead of a thread-group leader with live threads: it releases its files, fs and mm, and restores', (t) => {
  for (const [name, tid] of [['threads.json', 300], ['per-thread-ns.json', 900]] as const) {
    const r = wi(name, deadScenario(tid));
    const ops = restorable(t, r);
    const lead = r.scenarioImage.tasks.find((x) => x.pid[0] === tid)!;
    t.is(lead.state, 'dead');
    t.deepEqual([lead.files, lead.fs, lead.mm], [null, null, null]);
    t.true(ops.some((o) => o.op === 'exit' && o.actor === `t${tid}` && !o.group), name);
  }
});

test('clone-files --dead 400: 403 and 404 still share an mm (CLONE_VM), through the ghost or from one to the other', (t) => {
  const r = wi('clone-files.json', deadScenario(400));
  const ops = restorable(t, r);
  const [c403, c404] = [cloneOf(ops, 't403')!, cloneOf(ops, 't404')!];
  // either the ghost standing in for 400 creates both with CLONE_VM, or one sibling creates the
  // other with CLONE_PARENT|CLONE_VM (planner/sharing/sharers.ts); one helper at most either way
  const viaGhost = c403.actor === c404.actor && /^h\d+$/.test(c403.actor) && c403.flags.includes('CLONE_VM') && c404.flags.includes('CLONE_VM');
  const bySibling = [[c403, 't404'], [c404, 't403']].some(([c, other]) => typeof c !== 'string' && c.actor === other && c.flags.includes('CLONE_VM') && c.flags.includes('CLONE_PARENT'));
  t.true(viaGhost || bySibling, `403 by ${c403.actor} ${c403.flags.join('|')}, 404 by ${c404.actor} ${c404.flags.join('|')}`);
  t.true(r.report.scenario.helpers.length <= 1);
});

test('timens without time namespaces: impossible (UNSH-2), culprits and a chain', (t) => {
  for (const s of [withoutScenario(['time-ns']), kernelScenario('5.4')]) {
    const r = wi('timens.json', s);
    const p = impossible(t, r, 'UNSH-2');
    if (!p) continue;
    t.deepEqual([...p.culprits].sort(), [700, 701, 702, 703], s.label);
    t.true(p.chain.some((c) => c.includes('timeA, timeB')), s.label);
    t.deepEqual(r.report.scenario.binding, ['UNSH-2']);
  }
});

test('without set_tid a pid in a nested pid ns comes from a ns_last_pid write by a task living there', (t) => {
  const r = wi('pidns-unshare.json', kernelScenario('5.4'));
  const ops = restorable(t, r);
  const at = ops.findIndex((o) => o.op === 'clone' && o.child === 't802');
  const writes = ops.slice(0, at).filter((o): o is Extract<Op, { op: 'write-ns-last-pid' }> => o.op === 'write-ns-last-pid');
  // 802 is [802, 2]: level 0 by a task of the host ns, level 1 by one of pidU (801 or 803)
  t.true(writes.some((w) => w.value === 801 && w.actor === 't800'));
  t.true(writes.some((w) => w.value === 1 && (w.actor === 't801' || w.actor === 't803')));
  restorable(t, wi('container.json', kernelScenario('5.4')));
});

test('zombies --forbid helpers: the zombie session leader forks its member itself; its exit hands it to init', (t) => {
  const r = wi('zombies.json', forbidScenario('helpers'));
  const ops = restorable(t, r);
  t.is(r.report.scenario.helpers.length, 0);
  t.is(cloneOf(ops, 't21')!.actor, 't20');
  t.true(wi('zombies.json', maxHelpersScenario(0)).report.scenario.restorable);
});

test('--max-helpers below the number of ghosts is impossible with SID-2; session01 needs two', (t) => {
  const p = impossible(t, wi('session01.json', maxHelpersScenario(1)), 'SID-2');
  t.regex(p?.message ?? '', /2 dead session or group leader/);
});

test('container --unprivileged: the exact restore is impossible (maps of userC), the best one restores unprivileged', (t) => {
  const r = wi('container.json', unprivilegedScenario());
  restorable(t, r);
  t.regex(r.report.scenario.profile, /unprivileged/);
  const exact = r.report.exact!;
  t.truthy(exact);
  t.is(exact.outcome, 'impossible');
  t.deepEqual(exact.binding, ['OWN-6']);
  t.true(exact.chain.some((c) => /userC's uid map \(0 100000 65536\)/.test(c)));
  const c = r.scenarioImage.namespaces.find((n) => n.id === 'userC')!;
  t.deepEqual(c.uidMap, [{ inside: 0, outside: 0, count: 1 }]);
  t.false(r.scenarioImage.namespaces.some((n) => n.id === 'whatif-user'), 'the container needs no stand-in user ns');
});

test('session00 --unprivileged: pidN owned by the host user ns blocks the exact restore (OWN-3); one level down it restores', (t) => {
  const r = wi('session00.json', unprivilegedScenario());
  const ops = restorable(t, r);
  t.is(r.report.exact?.outcome, 'impossible');
  t.true(r.report.exact!.chain.some((c) => c.includes('pidN (pid)')));
  t.true(ops[0].op === 'clone' && ops[0].flags.includes('CLONE_NEWUSER') && ops[0].flags.includes('CLONE_NEWPID'));
  for (const name of ['timens.json', 'session00-host.json', 'zombies.json']) restorable(t, wi(name, unprivilegedScenario()));
});

test('--drop of the whole tree is refused with one line', (t) => {
  t.throws(() => wi('session00.json', dropScenario(1)), { instanceOf: CrplanError, message: /whole image; nothing would be left/ });
});
