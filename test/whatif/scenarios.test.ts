/** Unit tests of each scenario's transformation on hand-made images, independent of the planner. */
import test from 'ava';
import { image } from '../planner/fixtures.js';
import { deadScenario } from '../../whatif/scenarios/dead.js';
import { dropScenario } from '../../whatif/scenarios/drop.js';
import { noSubreaperScenario, setsidScenario } from '../../whatif/scenarios/flags.js';
import { unprivilegedScenario, WRAP_USERNS } from '../../whatif/scenarios/unprivileged.js';
import { targetCollisions } from '../../whatif/scenarios/target.js';
import { kernelScenario, parseFeatures, withoutScenario } from '../../whatif/scenarios/kernel.js';
import { forbidScenario, maxHelpersScenario } from '../../whatif/scenarios/rules.js';
import { validateImage } from '../../model/validate.js';
import type { Image } from '../../model/image.js';
import { CrplanError } from '../../model/errors.js';

const run = (img: Image, s: { apply: (i: { image: Image; options: object }, n: string[]) => { image: Image; options: object } }) => {
  const notes: string[] = [];
  const before = JSON.stringify(img);
  const out = s.apply({ image: img, options: {} }, notes);
  if (JSON.stringify(img) !== before) throw new Error('scenario mutated its input');
  return { ...out, notes };
};
const byTid = (img: Image, tid: number) => img.tasks.find((t) => t.pid[0] === tid);

// 10 -> 11 (subreaper) -> 12 -> 13, 14 ; 12 leads session 12 with group 12, 14 in group 14
const tree = () => image([
  { pid: 10, ppid: 0 },
  { pid: 11, ppid: 10, sid: 10, subreaper: true },
  { pid: 12, ppid: 11, sid: 12 },
  { pid: 13, ppid: 12, sid: 12 },
  { pid: 14, ppid: 12, sid: 12, pgid: 14 },
  { pid: 15, ppid: 14, sid: 12, pgid: 14 },
]);

test('--dead reparents children to the nearest subreaper and keeps session/group numbers', (t) => {
  const { image: out, notes } = run(tree(), deadScenario(12));
  t.is(byTid(out, 12), undefined);
  t.is(byTid(out, 13)!.ppid, 11);
  t.is(byTid(out, 14)!.ppid, 11);
  t.deepEqual(byTid(out, 13)!.sid, [12]);
  t.deepEqual(byTid(out, 13)!.pgid, [12]);
  t.true(notes.some((n) => n.includes('session 12')));
  t.deepEqual(validateImage(out).filter((f) => f.severity === 'error'), []);
});

test('--dead without a subreaper ancestor and an outside init gives ppid 0', (t) => {
  const img = tree();
  byTid(img, 11)!.subreaper = false;
  const { image: out } = run(img, deadScenario(12));
  t.is(byTid(out, 13)!.ppid, 0);
});

test('--dead hands its zombie children to a reaper that ignores SIGCHLD: they are released (EXIT-5)', (t) => {
  const img = image([
    { pid: 10, ppid: 0 },
    { pid: 11, ppid: 10, sid: 10, subreaper: true, ignoresSigchld: true },
    { pid: 12, ppid: 11, sid: 10 },
    { pid: 13, ppid: 12, sid: 10, state: 'zombie' },
    { pid: 14, ppid: 12, sid: 10 },
  ]);
  const { image: out, notes } = run(img, deadScenario(12));
  t.is(byTid(out, 13), undefined);
  t.is(byTid(out, 14)!.ppid, 11);
  t.true(notes.some((n) => n.includes('released')));
  // a reaper that waits normally keeps the zombie
  const kept = run(image([{ pid: 10, ppid: 0 }, { pid: 11, ppid: 10, sid: 10, subreaper: true }, { pid: 12, ppid: 11, sid: 10 }, { pid: 13, ppid: 12, sid: 10, state: 'zombie' }]), deadScenario(12)).image;
  t.is(byTid(kept, 13)!.ppid, 11);
});

test('--dead that orphans a group with a stopped member continues it (EXIT-7); a group still linked stays stopped', (t) => {
  // 12 (session 12) -> 13 (group 13, stopped by SIGTSTP); 12 exits: 13 goes to subreaper 11 (session 10)
  const img = image([
    { pid: 10, ppid: 0 },
    { pid: 11, ppid: 10, sid: 10, subreaper: true },
    { pid: 12, ppid: 11, sid: 12 },
    { pid: 13, ppid: 12, sid: 12, pgid: 13, state: 'stopped' },
    { pid: 14, ppid: 12, sid: 12, pgid: 14, state: 'stopped' },
    { pid: 15, ppid: 14, sid: 12, pgid: 16 },
    { pid: 16, ppid: 15, sid: 12, pgid: 14 },
  ]);
  for (const x of img.tasks) if (x.state === 'stopped') x.stopSignal = 20;
  const { image: out, notes } = run(img, deadScenario(12));
  t.is(byTid(out, 13)!.state, 'running');
  t.is(byTid(out, 13)!.stopSignal, undefined);
  // group 14 keeps a member (16) whose parent 15 is in another group of session 12: not orphaned
  t.is(byTid(out, 14)!.state, 'stopped');
  t.true(notes.some((n) => /group 13 is orphaned/.test(n)));
  t.false(notes.some((n) => /group 14 is orphaned/.test(n)));
});

test('--dead reparents to the pid namespace init when there is one', (t) => {
  const img = image([
    { pid: [5, 1], ppid: 0, pidns: 'pidA' },
    { pid: [6, 2], ppid: 5, pidns: 'pidA' , sid: [5, 1] },
    { pid: [7, 3], ppid: 6, pidns: 'pidA', sid: [5, 1] },
  ], { namespaces: [{ id: 'pidA', type: 'pid', level: 1, parent: 'pid0', owner: 'user0' }] });
  const { image: out } = run(img, deadScenario(6));
  t.is(byTid(out, 7)!.ppid, 5);
  t.throws(() => run(img, deadScenario(5)), { instanceOf: CrplanError, message: /init of pid namespace/ });
});

test('--dead of a thread-group leader with live threads leaves a dead leader; of a thread removes it', (t) => {
  const img = image([{ pid: 20, ppid: 0 }, { pid: 21, ppid: 0, tgid: 20 }]);
  const a = run(img, deadScenario(20)).image;
  t.is(byTid(a, 20)!.state, 'dead');
  t.is(byTid(a, 20)!.nsproxy, null);
  const b = run(img, deadScenario(21)).image;
  t.is(b.tasks.length, 1);
  t.throws(() => run(img, deadScenario(99)), { instanceOf: CrplanError, message: /no task with level-0 tid 99/ });
});

test('--drop removes the whole subtree and notes the surviving session', (t) => {
  const { image: out, notes } = run(tree(), dropScenario(14));
  t.deepEqual(out.tasks.map((x) => x.pid[0]), [10, 11, 12, 13]);
  const b = run(tree(), dropScenario(12));
  t.deepEqual(b.image.tasks.map((x) => x.pid[0]), [10, 11]);
  t.false(notes.some((n) => n.includes('session')));
});

test('--no-subreaper clears the flag on every thread of the process', (t) => {
  const img = image([{ pid: 30, ppid: 0, subreaper: true }, { pid: 31, ppid: 0, tgid: 30, subreaper: true }]);
  const { image: out } = run(img, noSubreaperScenario(31));
  t.deepEqual(out.tasks.map((x) => x.subreaper), [false, false]);
});

test('--setsid moves a plain member to its own session; on a group leader with members the image becomes invalid', (t) => {
  const a = run(tree(), setsidScenario(13)).image;
  t.deepEqual(byTid(a, 13)!.sid, [13]);
  t.deepEqual(byTid(a, 13)!.pgid, [13]);
  t.deepEqual(validateImage(a).filter((f) => f.severity === 'error'), []);
  const { image: b, notes } = run(tree(), setsidScenario(14));
  t.true(notes.some((n) => n.includes('EPERM')));
  const errs = validateImage(b).filter((f) => f.severity === 'error');
  t.true(errs.length > 0, 'group 14 now spans two sessions');
  t.true(errs.some((f) => f.tasks.includes(15) || f.tasks.includes(14)));
});

test('--unprivileged wraps the image in a restorer-owned user ns and a fresh level-0 pid ns with an init', (t) => {
  const { image: out, notes } = run(tree(), unprivilegedScenario());
  const wrap = out.namespaces.find((n) => n.id === WRAP_USERNS)!;
  t.is(wrap.parent, 'user0');
  // the restorer's ids as it sees them where it runs: uid 0 (KernelProfile.restorerUid)
  t.deepEqual(wrap.uidMap, [{ inside: 0, outside: 0, count: 1 }]);
  t.is(wrap.ownerUid, 0);
  const pid0 = out.namespaces.find((n) => n.id === 'pid0')!;
  t.false(pid0.external === true);
  t.is(pid0.owner, WRAP_USERNS);
  t.is(byTid(out, 1)!.ppid, 0);
  t.is(byTid(out, 10)!.ppid, 1);
  t.true(out.tasks.every((x) => x.userns === WRAP_USERNS));
  t.true(notes.some((n) => n.includes('one pid-namespace level down')));
  t.deepEqual(validateImage(out).filter((f) => f.severity === 'error').map((f) => f.message), []);
});

test('--unprivileged reports user-ns maps that need ids beyond the restorer\'s own', (t) => {
  const img = image([{ pid: 40, ppid: 0, userns: 'userC' }], {
    namespaces: [{ id: 'userC', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 100000, count: 65536 }], gidMap: [{ inside: 0, outside: 100000, count: 65536 }] }],
  });
  const { image: out, notes } = run(img, unprivilegedScenario());
  t.is(out.namespaces.find((n) => n.id === 'userC')!.parent, WRAP_USERNS);
  t.is(out.namespaces.find((n) => n.id === 'userC')!.level, 2);
  // under the stand-in for user0 the restorer is uid 0: userC maps only it, as its root
  t.deepEqual(out.namespaces.find((n) => n.id === 'userC')!.uidMap, [{ inside: 0, outside: 0, count: 1 }]);
  t.true(notes.some((n) => n.includes('userC') && n.includes('needs ids the restorer does not own')));
});

test('--unprivileged on a container user ns: no stand-in, the container\'s user ns maps only the restorer\'s uid; nested maps are clipped', (t) => {
  const img = image([{ pid: [40, 1], ppid: 0, userns: 'userC', pidns: 'pidC' }, { pid: [41, 2], ppid: 40, userns: 'userD', pidns: 'pidC', sid: [40, 1] }], {
    namespaces: [
      { id: 'userC', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 100000, count: 65536 }], gidMap: [{ inside: 0, outside: 100000, count: 65536 }] },
      { id: 'userD', type: 'user', parent: 'userC', level: 2, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 10 }], gidMap: [{ inside: 5, outside: 5, count: 10 }] },
      { id: 'pidC', type: 'pid', parent: 'pid0', level: 1, owner: 'userC' },
    ],
  });
  const { image: out, options } = run(img, unprivilegedScenario());
  t.like((options as { profile: object }).profile, { privileged: false, restorerUid: 0 });
  t.false(out.namespaces.some((n) => n.id === WRAP_USERNS));
  const c = out.namespaces.find((n) => n.id === 'userC')!;
  t.is(c.parent, 'user0');
  t.deepEqual(c.uidMap, [{ inside: 0, outside: 0, count: 1 }]);
  t.is(c.ownerUid, 0);
  const d = out.namespaces.find((n) => n.id === 'userD')!;
  t.deepEqual(d.uidMap, [{ inside: 0, outside: 0, count: 1 }]);
  t.deepEqual(d.gidMap, [], 'gid 5.. is not mapped in userC any more');
});

test('--target finds level-0 pid, group and session collisions only when the image joins the host pid ns', (t) => {
  const target = image([{ pid: 12, ppid: 0 }, { pid: 99, ppid: 12, sid: 12, pgid: 14 }]);
  const r = targetCollisions(tree(), target, 'host.json');
  t.true(r.joinsHostPidNs);
  const keys = r.collisions.map((c) => `${c.kind}:${c.number}`);
  t.true(keys.includes('pid:12'));
  t.true(keys.includes('pid:14'));
  t.true(keys.includes('session:12'));
  t.false(keys.includes('pid:10'));
  t.true(r.freshPidNsAvoids);
  const fresh = tree();
  fresh.namespaces.find((n) => n.id === 'pid0')!.external = false;
  t.deepEqual(targetCollisions(fresh, target, 'host.json').collisions, []);
});

test('kernel and restorer-rule scenarios transform the options only', (t) => {
  const img = tree();
  const k = run(img, kernelScenario('5.4'));
  t.is(k.image, img);
  const p = (k.options as { profile: { features: Set<string> } }).profile;
  t.true(p.features.has('clone3'));
  t.false(p.features.has('set_tid'));
  const w = run(img, withoutScenario(parseFeatures('set_tid,time-ns')));
  const f = (w.options as { profile: { features: Set<string> } }).profile.features;
  t.false(f.has('set_tid'));
  t.true(f.has('clone3'));
  t.throws(() => parseFeatures('set-tid'), { message: /unknown kernel feature 'set-tid'/ });
  t.deepEqual(run(img, forbidScenario('clone-parent')).options, { forbid: { cloneParent: true } });
  t.deepEqual(run(img, maxHelpersScenario(0)).options, { maxHelpers: 0 });
  t.throws(() => forbidScenario('vfork'), { instanceOf: CrplanError });
});
