/**
 * The fuzz test's former "planner bug" answers (plans the planner caught failing verification),
 * each now a verified plan or a clean answer naming the rule. The images are the fuzz test's own
 * (generated state + seeded mutation), so these pin exactly what was triaged.
 */
import test from 'ava';
import { validateImage } from '../../model/validate.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { fuzzImage } from './fuzz-image.js';

test('a zombie that still names files, fs and handlers (a warning) gets a verified plan: the restore ignores them', (t) => {
  for (const seed of [5, 87, 223, 258, 295]) {
    const { what, image } = fuzzImage(seed);
    t.true(what.includes('make-zombie'), `seed ${seed}: ${what}`);
    t.true(validateImage(image).some((f) => f.code === 'ZOMBIE_HOLDS_RESOURCES'), `seed ${seed} warns`);
    const out = planImage(image);
    t.is(out.kind, 'plan', `seed ${seed}: ${out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300)}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    const r = replayOnSimKernel(image, out.plan.ops);
    t.is(r.failedAt, -1);
    t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  }
});

test('a stopped thread beside a running one is THREADS_DISAGREE (a stop signal stops the whole group)', (t) => {
  const { what, image } = fuzzImage(125);
  t.true(what.includes('stop-task: task 8'), what);
  const f = validateImage(image).find((x) => x.code === 'THREADS_DISAGREE');
  t.truthy(f);
  t.regex(f!.message, /on state/);
  t.is(planImage(image).kind, 'impossible');
});

test('a zombie pid-ns init whose SIGCHLD is not ignored is impossible (EXIT-8)', (t) => {
  const { what, image } = fuzzImage(208);
  t.true(what.includes('make-zombie: task 38'), what);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'EXIT-8');
  t.deepEqual(out.proof[0].culprits, [38]);
  // the same image with SIGCHLD ignored, as the kernel leaves every exited init, is not refused for it
  const fixed = structuredClone(image);
  fixed.tasks.find((x) => x.pid[0] === 38)!.ignoresSigchld = true;
  const again = planImage(fixed);
  t.false(again.kind === 'impossible' && again.proof[0].rule === 'EXIT-8');
});

test('a stopped pid-ns init gets a verified plan: the restorer sends SIGSTOP from an ancestor pid ns (EXIT-9)', (t) => {
  for (const [seed, task] of [[166, 26], [175, 4], [300, 8]] as const) {
    const { image } = fuzzImage(seed);
    const out = planImage(image);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    const stops = out.plan.ops.filter((o) => o.op === 'stop' && o.target === `t${task}`);
    t.is(stops.length, 1, `seed ${seed}: one stop sent to init ${task}`);
    t.is(stops[0].actor, 'root');
    // the same plan with the init stopping itself leaves it running: the kernel drops that signal
    const selfStop = out.plan.ops.map((o) => (o.op === 'stop' && o.target !== undefined ? { op: 'stop' as const, actor: o.target } : o));
    const r = replayOnSimKernel(image, selfStop);
    t.is(r.failedAt, -1);
    t.true(diffImages(image, r.snapshot).some((d) => d.message.includes(`task ${task}: state should be "stopped"`)));
  }
});

test('a member-less pid ns shared as pid_for_children by two tasks gets a verified plan: one unshares it, a temporary init lets the other join, then exits', (t) => {
  for (const seed of [151, 1354]) {
    const { image } = fuzzImage(seed);
    const out = planImage(image);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    const inits = out.plan.ops.filter((o) => o.op === 'clone' && o.child.startsWith('pfcinit-'));
    t.is(inits.length, 1, `seed ${seed}: one temporary init`);
    const init = inits[0].op === 'clone' ? inits[0].child : '';
    t.true(out.plan.ops.some((o) => o.op === 'setns' && o.target === init && o.file === 'pid'), 'the other holder joins through it');
    t.true(out.plan.ops.some((o) => o.op === 'exit' && o.actor === init), 'and it exits');
    t.is(out.plan.helpers.find((h) => h.name === init)?.role, 'pidns-init');
    const r = replayOnSimKernel(image, out.plan.ops);
    t.is(r.failedAt, -1);
    t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
  }
});

test('a member-less pid ns shared with a holder whose final user ns has no rights over its owner: the holder joins before its user-ns switch', (t) => {
  // 291: 5 ends in user:1, pid:1 is owned by user:0
  const { image } = fuzzImage(291);
  const out = planImage(image);
  t.is(out.kind, 'plan');
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const join = ops.findIndex((o) => o.op === 'setns' && o.actor === 't5' && o.target === 'pfcinit-pid1' && o.file === 'pid');
  const sw = ops.findIndex((o) => o.actor === 't5' && ((o.op === 'setns' && o.file === 'user') || (o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER'))));
  t.true(join >= 0, 'joins through the temporary init');
  t.true(sw < 0 || join < sw, 'before its user-ns switch');
});

test('processes sharing an mm in a time ns the restore creates: the first attempt\'s plan joining it after the clone is the named SETNS-6 limit, not a failing setns; the vmTimeBirths attempt plans it', (t) => {
  const { what, image } = fuzzImage(1364);
  t.true(what.includes('thread-to-process: thread 36'), what);
  const first = planWithVariant(image, {});
  t.is(first.kind, 'undecided');
  if (first.kind === 'undecided') {
    t.regex(first.reason, /share address space mm:\d+ .*SETNS-6/);
    t.deepEqual(first.culprits.slice().sort((a, b) => a - b), [27, 36]);
  }
  // (planner/ordering/vm-time-birth.ts: 36 forked with CLONE_VM once its creator is in their time ns)
  const out = planImage(image);
  t.is(out.kind, 'plan');
  t.true(out.kind === 'plan' && out.plan.summary.verified);
});

test('a thread turned into its own process whose creator is undecided does not crash the fs relay pass (seed 485)', (t) => {
  const { what, image } = fuzzImage(485);
  t.true(what.includes('thread-to-process: thread 10'), what);
  let out: ReturnType<typeof planImage> | undefined;
  t.notThrows(() => { out = planImage(image); });
  if (!out) return;
  t.false(out.kind === 'plan' && !out.plan.summary.verified, 'no unverified plan');
  t.false(out.kind === 'undecided' && out.reason.startsWith('planner bug'), 'no planner bug');
});

test('processes sharing an mm in a time ns the restore creates get a verified plan when the first of them enters it before the CLONE_VM clone', (t) => {
  for (const seed of [127, 133, 645, 926, 1167]) {
    const { what, image } = fuzzImage(seed);
    t.true(what.includes('thread-to-process'), `seed ${seed}: ${what}`);
    const out = planImage(image);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    t.true(out.plan.ops.some((o) => o.op === 'clone' && o.flags.includes('CLONE_VM') && !o.flags.includes('CLONE_THREAD')), `seed ${seed}: a CLONE_VM process`);
  }
  // 133: the new time ns is made by 37, the CLONE_VM creator, not by 18, its CLONE_VM child,
  // which could not enter it (EUSERS while 37 uses the mm)
  const out = planImage(fuzzImage(133).image);
  if (out.kind !== 'plan') return;
  t.true(out.plan.ops.some((o) => o.op === 'unshare' && o.actor === 't37' && o.flags.includes('CLONE_NEWTIME')));
  t.false(out.plan.ops.some((o) => o.actor === 't18' && (o.op === 'unshare' ? o.flags.includes('CLONE_NEWTIME') : o.op === 'setns' && (o.file === 'time' || o.file === 'time_for_children'))));
});

test('a pid-ns init in a user ns that is not its pid ns owner or below it is impossible (OWN-1)', (t) => {
  for (const [seed, init, owner] of [[3, 14, 'user:2'], [687, 31, 'user:4'], [1416, 27, 'user:3']] as const) {
    const { what, image } = fuzzImage(seed);
    t.true(what.includes(`swap-userns: task ${init}`), `seed ${seed}: ${what}`);
    const out = planImage(image);
    t.is(out.kind, 'impossible', `seed ${seed}`);
    if (out.kind !== 'impossible') continue;
    t.is(out.proof[0].rule, 'OWN-1');
    t.deepEqual(out.proof[0].culprits, [init]);
    t.true(out.proof[0].message.includes(`owned by ${owner}`), out.proof[0].message);
    // back in the owner's user ns it is not refused for that
    const fixed = structuredClone(image);
    fixed.tasks.filter((x) => x.tgid === init).forEach((x) => { x.userns = owner; });
    const again = planImage(fixed);
    t.false(again.kind === 'impossible' && again.proof[0].rule === 'OWN-1', `seed ${seed} fixed`);
  }
});

test('a time_for_children differing from the time ns, held in a user ns outside its owner, is impossible (UNSH-6)', (t) => {
  for (const seed of [334, 384, 1062, 1361, 1439, 1484, 1487]) {
    const { image } = fuzzImage(seed);
    const out = planImage(image);
    t.is(out.kind, 'impossible', `seed ${seed}`);
    if (out.kind !== 'impossible') continue;
    t.is(out.proof[0].rule, 'UNSH-6');
    t.regex(out.proof[0].message, /has time_for_children time:\d+ \(not its time ns time:\d+\) but is in user ns user:\d+, which is not/);
    t.is(out.proof[0].culprits.length, 1);
  }
});

test('two processes holding one time_for_children (not their time ns) with different address spaces are impossible (UNSH-6)', (t) => {
  const { image } = fuzzImage(1469);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'UNSH-6');
  t.deepEqual(out.proof[0].culprits.slice().sort((a, b) => a - b), [17, 34]);
  t.regex(out.proof[0].message, /different address spaces mm:3 and mm:8/);
});

test('tasks sharing an mm in different time namespaces are impossible (SETNS-6)', (t) => {
  const { what, image } = fuzzImage(1452);
  t.true(what.includes('swap-nsproxy: task 68'), what);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'SETNS-6');
  t.deepEqual(out.proof[0].culprits.slice().sort((a, b) => a - b), [64, 68]);
});
