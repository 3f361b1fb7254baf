import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { validateImage } from '../../model/validate.js';
import type { Image } from '../../model/image.js';

const SEEDS = 2000;
const OPS = 100;

test('generator: one seed reproduces one history exactly; different seeds differ', (t) => {
  const a = generateHistory(42);
  const b = generateHistory(42);
  t.deepEqual(a.ops, b.ops);
  t.deepEqual(a.image, b.image);
  t.deepEqual(a.results, b.results);
  t.notDeepEqual(generateHistory(43).ops, a.ops);
  t.true(a.ops.length >= 200);
  t.is(a.image.source?.kind, 'generated');
});

test('generator: hundreds of operations in milliseconds', (t) => {
  // best of three rounds, so a loaded machine (2 shared cores) does not make this flaky
  let best = Infinity;
  let ops = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    ops = 0;
    for (let s = 0; s < 20; s++) ops += generateHistory(1000 + s, { ops: 300 }).ops.length;
    best = Math.min(best, (performance.now() - t0) / 20);
  }
  t.log(`${ops / 20} ops per history, ${best.toFixed(2)} ms per history`);
  t.true(best < 100, `${best} ms per 300-op history`);
});

function shapes(img: Image): { orphanedSession: boolean; deadLeaderGroup: boolean; subreaperChild: boolean; nested: boolean } {
  const live = new Set(img.tasks.filter((x) => x.state !== 'zombie' && x.pid[0] === x.tgid).map((x) => x.pid[0]));
  const byPid = new Map(img.tasks.map((x) => [x.pid[0], x]));
  return {
    orphanedSession: img.tasks.some((x) => x.sid[0] !== 0 && !live.has(x.sid[0]) && x.state !== 'zombie'),
    deadLeaderGroup: img.tasks.some((x) => x.pgid[0] !== x.sid[0] && !live.has(x.pgid[0]) && x.state !== 'zombie'),
    subreaperChild: img.tasks.some((x) => x.ppid !== 0 && byPid.get(x.ppid)?.subreaper === true),
    nested: img.namespaces.some((n) => n.type === 'pid' && (n.level ?? 0) >= 2),
  };
}

test(`generator: ${SEEDS} seeds validate clean and replay to the same snapshot; the hard shapes are frequent`, (t) => {
  const counts = { orphanedSession: 0, deadLeaderGroup: 0, subreaperChild: 0, nested: 0 };
  let failures = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const h = generateHistory(seed, { ops: OPS });
    const findings = validateImage(h.image).filter((f) => f.severity === 'error');
    if (findings.length > 0 && failures++ < 5) {
      t.fail(`seed ${seed}: validator: ${findings.slice(0, 3).map((f) => `${f.code}: ${f.message}`).join(' | ')}`);
    }
    const r = replayOnSimKernel(h.image, h.ops, { continueOnError: true });
    const d = diffImages(h.image, r.snapshot);
    if (d.length > 0 && failures++ < 5) t.fail(`seed ${seed}: replay differs: ${d.slice(0, 3).map((x) => x.message).join(' | ')}`);
    t.deepEqual(r.results, h.results);
    const sh = shapes(h.image);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) if (sh[k]) counts[k]++;
  }
  t.log(JSON.stringify(counts));
  for (const [k, v] of Object.entries(counts)) t.true(v > SEEDS / 10, `${k} appears in only ${v} of ${SEEDS} histories`);
});

test('generator: the validation check above can fail (a corrupted generated image has error findings)', (t) => {
  const h = generateHistory(7);
  const img: Image = JSON.parse(JSON.stringify(h.image));
  const leader = img.tasks.find((x) => x.state === 'running' && x.sid[0] === x.pid[0] && x.sid.length === x.pid.length)!;
  leader.pgid = [leader.pgid[0] + 100000];
  t.true(validateImage(img).some((f) => f.severity === 'error'));
  t.true(diffImages(h.image, img).length > 0);
});

test('generator setids: credential switches only when asked; such histories validate and replay, and own user namespaces by other uids', (t) => {
  let switches = 0;
  let otherOwners = 0;
  for (let seed = 1; seed <= 300; seed++) {
    t.false(generateHistory(seed, { ops: 60 }).ops.some((o) => o.op === 'setresuid'), `seed ${seed}: setresuid without setids`);
    const h = generateHistory(seed, { ops: 60, setids: true });
    switches += h.ops.filter((o) => o.op === 'setresuid').length;
    t.deepEqual(validateImage(h.image).filter((f) => f.severity === 'error').map((f) => f.code), [], `seed ${seed}`);
    const r = replayOnSimKernel(h.image, h.ops, { continueOnError: true });
    t.deepEqual(r.results, h.results, `seed ${seed}`);
    t.deepEqual(diffImages(h.image, r.snapshot).map((d) => d.message), [], `seed ${seed}`);
    if (h.image.namespaces.some((n) => n.type === 'user' && n.parent && n.ownerUid === 1000)) otherOwners++;
  }
  t.log(`${switches} setresuid ops; ${otherOwners} of 300 states have a user ns owned by uid 1000`);
  t.true(switches > 100);
  t.true(otherOwners > 30);
});

test('generator vmForks: CLONE_VM processes only when asked; such histories validate and replay, and keep a time ns apart from time_for_children', (t) => {
  let vm = 0;
  let split = 0;
  const isVm = (o: { op: string; flags?: string[] }) => o.op === 'clone' && !!o.flags?.includes('CLONE_VM') && !o.flags.includes('CLONE_THREAD');
  for (let seed = 1; seed <= 300; seed++) {
    t.false(generateHistory(seed, { ops: 60 }).ops.some(isVm), `seed ${seed}: a CLONE_VM process without vmForks`);
    const h = generateHistory(seed, { ops: 60, vmForks: true });
    vm += h.ops.filter(isVm).length;
    t.deepEqual(validateImage(h.image).filter((f) => f.severity === 'error').map((f) => f.code), [], `seed ${seed}`);
    const r = replayOnSimKernel(h.image, h.ops, { continueOnError: true });
    t.deepEqual(r.results, h.results, `seed ${seed}`);
    t.deepEqual(diffImages(h.image, r.snapshot).map((d) => d.message), [], `seed ${seed}`);
    if (h.image.nsproxies.some((p) => p.time !== p.timeForChildren)) split++;
  }
  t.log(`${vm} CLONE_VM process clones; ${split} of 300 states have a time ns apart from its time_for_children`);
  t.true(vm > 100);
  t.true(split > 10);
});
