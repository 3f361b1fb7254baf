import test from 'ava';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { planImage } from '../../planner/index.js';
import type { Image } from '../../model/image.js';

/**
 * Examples that cannot be planned today, each with the reason the planner must give (checked).
 * - threads.json: the simulated kernel drops a dead leader's sighand while the example keeps it
 *   (Linux keeps it until release_task); reported to the simulated-kernel owner.
 */
const KNOWN: Record<string, RegExp> = {
  'threads.json': /task 310: has no sighand but should/,
};

const dir = join(import.meta.dirname, '../../examples');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];

test('examples/ has images to plan', (t) => {
  t.true(files.length > 0, 'no example images found in examples/');
});

for (const file of files) {
  test(`example ${file} plans and verifies on the simulated kernel`, (t) => {
    const image = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Image;
    const out = planImage(image);
    const known = KNOWN[file];
    if (known && out.kind === 'undecided') {
      t.log(`KNOWN LIMITATION, not planned: ${out.reason}`);
      return t.regex(out.reason, known);
    }
    if (out.kind !== 'plan') return t.fail(`${file}: ${out.kind}: ${JSON.stringify(out).slice(0, 600)}`);
    t.true(out.plan.summary.verified);
    t.is(out.plan.summary.tasks, image.tasks.length);
    t.log(`${file}: ${out.plan.summary.tasks} tasks, ${out.plan.summary.helpers} helpers, ${out.plan.summary.operations} ops`);
  });
}

test('zombies.json: the core-dumped zombie exits by its signal with core, and the plan verifies', (t) => {
  const image = JSON.parse(readFileSync(join(dir, 'zombies.json'), 'utf8')) as Image;
  const segv = image.tasks.find((x) => x.exit?.core === true);
  if (!segv) return t.fail('zombies.json has no core-dumped zombie any more');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(`${out.kind}: ${JSON.stringify(out).slice(0, 600)}`);
  t.true(out.plan.summary.verified);
  const cores = out.plan.ops.filter((o) => o.op === 'exit' && o.core === true);
  t.is(cores.length, 1, 'exactly one exit with core');
  const [c] = cores;
  if (c.op === 'exit') t.is(c.signal, segv.exit!.signal);
  // no other exit carries the flag, and none without a signal does
  t.false(out.plan.ops.some((o) => o.op === 'exit' && o.core === true && o.signal === undefined));
});

const invalidDir = join(dir, 'invalid');
const invalid = existsSync(invalidDir) ? readdirSync(invalidDir).filter((f) => f.endsWith('.json')).sort() : [];

test('every invalid example is impossible, with a rule, culprits or a chain from validation', (t) => {
  t.true(invalid.length > 0, 'no invalid examples found');
  for (const file of invalid) {
    const out = planImage(JSON.parse(readFileSync(join(invalidDir, file), 'utf8')) as Image);
    t.is(out.kind, 'impossible', file);
    if (out.kind === 'impossible') {
      t.truthy(out.proof[0].rule, file);
      t.true(out.proof[0].chain.length > 0, file);
    }
  }
});

test('userns-owned.json: each user ns creator, and no other task, switches ids right before creating it', (t) => {
  const image = JSON.parse(readFileSync(join(dir, 'userns-owned.json'), 'utf8')) as Image;
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(`${out.kind}: ${JSON.stringify(out).slice(0, 600)}`);
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const switches = ops.map((o, i) => ({ o, i })).filter(({ o }) => o.op === 'setresuid');
  // userA (owner uid 1000 seen from the environment) by 501; userB (owner uid 0 of userA) by 504
  t.deepEqual(switches.map(({ o }) => o.op === 'setresuid' && [o.actor, o.uid, o.gid]), [['t501', 1000, 1000], ['t504', 0, 0]]);
  for (const { o, i } of switches) {
    const next = ops[i + 1];
    t.true(next.op === 'unshare' && next.actor === o.actor && next.flags.includes('CLONE_NEWUSER'), `op ${i + 1} is ${o.actor}'s unshare(CLONE_NEWUSER)`);
    // everything needing the old privilege (its children with set_tid) came before
    const later = ops.slice(i + 1).filter((x) => x.op === 'clone' && x.actor === o.actor && x.setTid);
    t.deepEqual(later, [], `${o.actor} creates no task with set_tid after leaving uid 0`);
  }
  // the maps come from a task with CAP_SETUID over the parent: the restorer for userA, 501 for userB
  t.deepEqual(ops.filter((o) => o.op === 'write-idmap').map((o) => o.actor), ['root', 't501']);
});

test('a user ns with only its uid map written: planned, its write-idmap leaves the gid map unwritten (reachable when a gid self-mapping was refused)', (t) => {
  const image = JSON.parse(readFileSync(join(dir, 'userns-owned.json'), 'utf8')) as Image;
  const userB = image.namespaces.find((n) => n.id === 'userB')!;
  userB.gidMap = [];
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(out.kind === 'undecided' ? out.reason : out.kind);
  t.true(out.plan.summary.verified);
  const maps = out.plan.ops.filter((o) => o.op === 'write-idmap' && o.uidMap.length > 0 && o.gidMap.length === 0);
  t.is(maps.length, 1, 'one write-idmap writes the uid map only');
});
