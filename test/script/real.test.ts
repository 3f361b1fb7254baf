/**
 * Generated C restore programs on the real kernel: for every example the planner can plan, compile
 * with `cc -Wall -Werror`, run as root (the program makes its own user+pid namespaces), capture the
 * held tree and diff it against the image; one also under `unshare -Upf --map-root-user`. The sh
 * scripts (which drive the agent instead) are tested in sh.test.ts.
 */
import test from 'ava';
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadImageFile } from '../../model/load.js';
import { planImage } from '../../planner/index.js';
import { compile, realKernelReason, restoreAndDiff, zombiesAndStops } from './helpers.js';
import { profileForVersion } from '../../kernel/profile.js';
import { unprivilegedScenario } from '../../whatif/scenarios/unprivileged.js';
import { tmpdir } from 'node:os';


const dir = new URL('../../examples/', import.meta.url).pathname;
const examples = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
/** Examples the planner cannot plan yet, and why (none today: the last one, userns-owned.json, plans with the setresuid op). */
const KNOWN_UNPLANNED: Record<string, RegExp> = {};
const why = realKernelReason();
if (why) {
  // loud: these tests must run on the project's machine
  console.error(`\n*** SKIPPING real-kernel script tests: ${why} ***\n`);
  test.skip(`real-kernel script tests (SKIPPED: ${why})`, () => {});
} else {
  for (const f of examples) {
    const image = loadImageFile(`${dir}${f}`);
    const outcome = planImage(image);
    if (outcome.kind !== 'plan') {
      // Only the examples the planner is known not to plan yet may get here, for exactly the known
      // reason; anything else (a new failure, or a known one that starts planning) fails the test.
      test(`${f}: no plan, no script (${outcome.kind})`, (t) => {
        const reason = outcome.kind === 'impossible' ? outcome.proof[0].message : outcome.reason;
        const known = KNOWN_UNPLANNED[f];
        t.truthy(known, `${f} is not planned: ${reason}`);
        if (known) t.regex(reason, known);
      });
      continue;
    }
    test.serial(`${f}: the generated C program restores the image on the real kernel`, async (t) => {
      const coreDirs = (): string[] => readdirSync(tmpdir()).filter((x) => x.startsWith('crplan-restore-core-')).sort();
      const before = coreDirs();
      const r = await restoreAndDiff(outcome.plan, image, f.replace(/\.json$/, ''));
      t.deepEqual(r.diffs.map((d) => d.message), []);
      // a core-dumped zombie (zombies.json) dumps into the program's scratch dir, removed at the end
      t.deepEqual(coreDirs(), before, 'no core scratch directory left behind');
      t.is(r.tasks, image.tasks.length);
      t.is(r.exit, 0);
      t.false(existsSync(`/proc/${r.ready.root}`), 'the restored tree is gone after the program ends');
    });
  }

  // Linux 5.2 plans: legacy clone, pids from ns_last_pid writes (the kernel here still has both)
  for (const f of examples) {
    const image = loadImageFile(`${dir}${f}`);
    const outcome = planImage(image, { profile: profileForVersion('5.2') });
    if (outcome.kind !== 'plan') continue;
    test.serial(`${f}: the program for the Linux 5.2 plan (legacy clone, ns_last_pid) restores it`, async (t) => {
      t.true(outcome.plan.ops.every((o) => o.op !== 'clone' || (o.legacy === true && o.setTid === undefined)));
      const r = await restoreAndDiff(outcome.plan, image, `${f.replace(/\.json$/, '')}-5.2`);
      t.deepEqual(r.diffs.map((d) => d.message), []);
      t.is(r.tasks, image.tasks.length);
    });
  }

  test.serial('hand-made: zombies killed by a signal and by exit codes, a stopped task, a SIGCHLD-ignoring parent', async (t) => {
    const image = zombiesAndStops();
    const o = planImage(image);
    if (o.kind !== 'plan') return t.fail(`hand-made image should plan: ${JSON.stringify(o).slice(0, 300)}`);
    const r = await restoreAndDiff(o.plan, image, 'hand');
    t.deepEqual(r.diffs.map((d) => d.message), []);
    t.is(r.tasks, image.tasks.length);
  });

  test.serial('whatif --unprivileged plans really run unprivileged: session00-host as uid 65534, one pid-ns level down', async (t) => {
    if (spawnSync('setpriv', ['--help']).status !== 0) return t.fail('setpriv(1) missing');
    const s = unprivilegedScenario().apply({ image: loadImageFile(`${dir}session00-host.json`), options: {} }, []);
    const o = planImage(s.image, s.options);
    if (o.kind !== 'plan') return t.fail('the unprivileged form of session00-host should plan');
    const r = await restoreAndDiff(o.plan, s.image, 'session00-host-unpriv', ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    t.deepEqual(r.diffs.map((d) => d.message), []);
    t.is(r.tasks, s.image.tasks.length);
  });

  test.serial('under unshare -Upf --map-root-user (program as pid 1 of that namespace)', async (t) => {
    if (spawnSync('unshare', ['--help']).status !== 0) return t.fail('unshare(1) missing');
    const image = loadImageFile(`${dir}session00.json`);
    const o = planImage(image);
    if (o.kind !== 'plan') return t.fail('session00 should plan');
    const r = await restoreAndDiff(o.plan, image, 'session00', ['unshare', '-Upf', '--kill-child', '--map-root-user']);
    t.deepEqual(r.diffs.map((d) => d.message), []);
    t.is(r.tasks, image.tasks.length);
  });

  test.serial('--map-root-user maps one uid: a nested user ns mapping 100000.. fails at its write-idmap step', (t) => {
    const image = loadImageFile(`${dir}session01.json`);
    const o = planImage(image);
    if (o.kind !== 'plan') return t.fail('session01 should plan');
    const step = o.plan.ops.findIndex((x) => x.op === 'write-idmap');
    const c = compile(o.plan, 'session01');
    try {
      const r = spawnSync('unshare', ['-Upf', '--map-root-user', c.bin, '--timeout', '10'], { encoding: 'utf8', timeout: 20000 });
      t.is(r.status, 1);
      t.regex(r.stderr, new RegExp(`step ${step} \\(write-idmap by root\\) failed: Operation not permitted \\(errno 1\\)`));
    } finally {
      c.cleanup();
    }
  });

  test.serial('a failing step is reported with its number, op and errno, exit 1, nothing left behind', async (t) => {
    const image = loadImageFile(`${dir}subreaper.json`);
    const o = planImage(image);
    if (o.kind !== 'plan') return t.fail('subreaper should plan');
    // break the plan: ask for a pid that the ns has already given out
    const plan = structuredClone(o.plan);
    const i = plan.ops.findIndex((x, k) => k > 0 && x.op === 'clone' && x.setTid !== undefined);
    const first = plan.ops.find((x) => x.op === 'clone' && x.setTid !== undefined)!;
    const op = plan.ops[i];
    if (op.op !== 'clone' || first.op !== 'clone') return t.fail('no clone');
    op.setTid = first.setTid!.slice();
    const c = compile(plan, 'broken');
    try {
      const r = spawnSync(c.bin, ['--timeout', '10'], { encoding: 'utf8', timeout: 20000 });
      t.is(r.status, 1);
      t.regex(r.stderr, new RegExp(`step ${i} \\(clone by ${op.actor}\\) failed: .*\\(errno 17\\)`));
      t.notRegex(r.stdout, /DONE/);
    } finally {
      c.cleanup();
    }
  });
}
