/**
 * The fuzz test's former "planner bug" answers (plans the planner caught failing verification),
 * each now a verified plan or a clean answer naming the rule. The images are the fuzz test's own
 * (generated state + seeded mutation), so these pin exactly what was triaged.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { parseImage } from '../../model/load.js';
import { validateImage } from '../../model/validate.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { mutate } from './mutations.js';

function fuzzImage(seed: number) {
  const h = generateHistory(seed, { ops: 40 + (seed % 5) * 20 });
  const img = structuredClone(h.image);
  const what = mutate(img, seed);
  return { what: what.join('; '), image: parseImage(JSON.stringify(img), `fuzz-${seed}.json`) };
}

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

test('a member-less pid ns shared as pid_for_children by two tasks is an undecided, not two new namespaces', (t) => {
  for (const seed of [151, 291]) {
    const { image } = fuzzImage(seed);
    const out = planImage(image);
    t.is(out.kind, 'undecided', `seed ${seed}`);
    if (out.kind !== 'undecided') continue;
    t.regex(out.reason, /both have pid_for_children pid:\d+, a pid namespace with no task/);
    t.is(out.culprits.length, 2);
  }
});

test('processes sharing an mm in a time ns the restore creates are an undecided naming SETNS-6, not a failing setns', (t) => {
  const { what, image } = fuzzImage(133);
  t.true(what.includes('thread-to-process: thread 18'), what);
  const out = planImage(image);
  t.is(out.kind, 'undecided');
  if (out.kind !== 'undecided') return;
  t.regex(out.reason, /share address space mm:\d+ .*SETNS-6/);
  t.deepEqual(out.culprits.slice().sort((a, b) => a - b), [18, 37]);
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
