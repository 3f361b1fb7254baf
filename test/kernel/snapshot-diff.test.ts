import test from 'ava';
import { Sim, clone, ok, withSession } from './helpers.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import type { Op } from '../../executor/ops.js';
import type { Image } from '../../model/image.js';

const EMPTY: Image = { format: 'crplan-image/1', tasks: [], nsproxies: [], namespaces: [] };

const tree: Op[] = [
  { op: 'clone', actor: 'root', child: 'a', flags: [] },
  { op: 'setsid', actor: 'a' },
  { op: 'clone', actor: 'a', child: 'b', flags: ['CLONE_NEWUTS'] },
  { op: 'sethostname', actor: 'b', hostname: 'box' },
  { op: 'clone', actor: 'b', child: 'c', flags: [] },
  { op: 'clone', actor: 'a', child: 'd', flags: ['CLONE_FILES'] },
  { op: 'exit', actor: 'd', code: 3 },
];

test('replayOnSimKernel: results per op, first failure stops, snapshot excludes ROOT_ACTOR', (t) => {
  const r = replayOnSimKernel(EMPTY, tree);
  t.is(r.failedAt, -1);
  t.is(r.results.length, tree.length);
  t.deepEqual(r.results[0], { ok: true, value: 2 });
  t.deepEqual(r.snapshot.tasks.map((x) => x.comm), ['a', 'b', 'c', 'd']);
  t.is(r.snapshot.tasks[0].ppid, 0);
  const bad = replayOnSimKernel(EMPTY, [...tree.slice(0, 2), { op: 'setsid', actor: 'a' }, ...tree.slice(2)]);
  t.is(bad.failedAt, 2);
  t.is(bad.results.length, 3);
  t.deepEqual(bad.results[2], { ok: false, errno: 'EPERM', rule: 'SID-1' });
  const cont = replayOnSimKernel(EMPTY, [...tree.slice(0, 2), { op: 'setsid', actor: 'a' }, ...tree.slice(2)], { continueOnError: true });
  t.is(cont.results.length, tree.length + 1);
});

test('replayOnSimKernel: snapshot is relative to the first child\'s pid ns when it is a new one', (t) => {
  const r = replayOnSimKernel(EMPTY, [
    { op: 'clone', actor: 'root', child: 'init', flags: ['CLONE_NEWPID'] },
    { op: 'setsid', actor: 'init' },
    { op: 'clone', actor: 'init', child: 'x', flags: [] },
  ]);
  t.deepEqual(r.snapshot.tasks.map((x) => x.pid), [[1], [2]]);
  const pidns = r.snapshot.namespaces.find((n) => n.id === r.snapshot.tasks[0].pidns)!;
  t.is(pidns.level, 0);
  t.falsy(pidns.external);
  t.is(pidns.parent, null);
  t.is(r.snapshot.tasks[1].ppid, 1);
});

test('diff: identical replays have no differences; objref names do not matter', (t) => {
  const a = replayOnSimKernel(EMPTY, tree).snapshot;
  const b = replayOnSimKernel(EMPTY, tree).snapshot;
  t.deepEqual(diffImages(a, b), []);
  const renamed: Image = JSON.parse(JSON.stringify(b).replace(/"(uts|files|nsproxy):(\d)"/g, '"$1-renamed-$2"'));
  t.deepEqual(diffImages(a, renamed), []);
});

test('diff: missing and extra tasks, ppid, sid, state, exit, one readable line each', (t) => {
  const a = replayOnSimKernel(EMPTY, tree).snapshot;
  const b = replayOnSimKernel(EMPTY, [...tree.slice(0, 6), { op: 'exit', actor: 'd', code: 4 }, { op: 'clone', actor: 'a', child: 'e', flags: [] }]).snapshot;
  const d = diffImages(a, b);
  t.deepEqual(d.map((x) => x.kind).sort(), ['exit', 'extra-task']);
  t.regex(d.find((x) => x.kind === 'exit')!.message, /task 5: exit status should be .*"code":3.*is .*"code":4/);
  const c = replayOnSimKernel(EMPTY, tree.slice(0, 5)).snapshot;
  t.deepEqual(diffImages(a, c).map((x) => x.kind), ['missing-task']);
});

test('diff: namespace sharing is compared as structure (shared vs not shared), with uts state', (t) => {
  const a = replayOnSimKernel(EMPTY, tree).snapshot;
  // c does not share b's uts ns here (it unshares its own)
  const b = replayOnSimKernel(EMPTY, [...tree.slice(0, 5), { op: 'unshare', actor: 'c', flags: ['CLONE_NEWUTS'] }, ...tree.slice(5)]).snapshot;
  const d = diffImages(a, b);
  t.true(d.some((x) => x.kind === 'sharing' && /task 4: uts namespace should be the same namespace as task 3's/.test(x.message)), JSON.stringify(d));
  const h = replayOnSimKernel(EMPTY, [...tree.slice(0, 3), { op: 'sethostname', actor: 'b', hostname: 'other' }, ...tree.slice(4)]).snapshot;
  t.true(diffImages(a, h).some((x) => x.kind === 'ns-uts' && /hostname should be "box", is "other"/.test(x.message)));
});

test('diff: an external namespace must be the environment\'s; a new one in its place is a difference', (t) => {
  const a = replayOnSimKernel(EMPTY, tree).snapshot;
  const b = replayOnSimKernel(EMPTY, [tree[0], tree[1], { op: 'unshare', actor: 'a', flags: ['CLONE_NEWNET'] }, ...tree.slice(2)]).snapshot;
  const d = diffImages(a, b);
  t.true(d.some((x) => /net namespace should be the environment's, is a new one/.test(x.message)), JSON.stringify(d));
});

test('diff: clone-time sharing is compared as a partition; unknown (null) expected values are skipped', (t) => {
  const a = replayOnSimKernel(EMPTY, tree).snapshot;
  const b = replayOnSimKernel(EMPTY, [...tree.slice(0, 5), { op: 'clone', actor: 'a', child: 'd', flags: [] }, tree[6]]).snapshot;
  t.deepEqual(diffImages(a, b), []); // d is a zombie: files released on both sides
  const live = tree.slice(0, 6);
  const x = replayOnSimKernel(EMPTY, live).snapshot;
  const y = replayOnSimKernel(EMPTY, [...tree.slice(0, 5), { op: 'clone', actor: 'a', child: 'd', flags: [] }]).snapshot;
  t.true(diffImages(x, y).some((d) => d.kind === 'files'));
  const unknown: Image = JSON.parse(JSON.stringify(x));
  for (const task of unknown.tasks) task.files = null;
  for (const task of unknown.tasks) task.subreaper = null;
  t.deepEqual(diffImages(unknown, y), []);
});

test('diff: per-level pids, pgid vectors and pid-ns nesting of a nested tree', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'i', ['CLONE_NEWPID']), clone('i', 'm'));
  const img = s.image();
  t.deepEqual(img.tasks.find((x) => x.comm === 'm')!.pid, [s.pidOf('m'), 2]);
  const moved: Image = JSON.parse(JSON.stringify(img));
  moved.tasks.find((x) => x.comm === 'm')!.pid = [s.pidOf('m'), 3];
  t.deepEqual(diffImages(img, moved).map((d) => d.kind), ['pid']);
});
