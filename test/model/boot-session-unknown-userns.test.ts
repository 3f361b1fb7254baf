/**
 * Session and group 0 (no number in the image's level-0 pid ns: the kernel's boot session
 * init_struct_pid on a host, or a session from above a container's pid ns) and a task's unknown
 * user namespace (userns null): both come from a whole-system live capture; each must load,
 * validate explicitly and get an explicit planner answer.
 */
import test from 'ava';
import { parseImage } from '../../model/load.js';
import { InputError } from '../../model/errors.js';
import { validateImage } from '../../model/validate.js';
import { planImage } from '../../planner/index.js';
import type { Image } from '../../model/image.js';
import { image } from '../planner/fixtures.js';

const load = (img: Image) => parseImage(JSON.stringify(img), 'x.json');
const codes = (img: Image) => validateImage(img).map((f) => `${f.severity}:${f.code}`);

/** A host tree (external level-0 pid ns): 100 never called setsid/setpgid (session and group 0), 101 only setpgid, 102 setsid, 103 a plain child. */
function bootSessionTree(): Image {
  return image([
    { pid: 100, ppid: 0, sid: 0, pgid: 0 },
    { pid: 101, ppid: 100, sid: 0, pgid: 101 },
    { pid: 102, ppid: 101, sid: 102 },
    { pid: 103, ppid: 100, sid: 0, pgid: 0 },
  ]);
}

test('sid/pgid [0] loads; 0 inside a longer vector and pid 0 do not', (t) => {
  const img = bootSessionTree();
  t.deepEqual(load(img).tasks[0].sid, [0]);
  t.deepEqual(load(img).tasks[1].pgid, [101]);
  const bad = bootSessionTree();
  bad.tasks[0].sid = [0, 3];
  t.regex(t.throws(() => load(bad), { instanceOf: InputError })!.message, /^x\.json: \$\.tasks\[0\]\.sid\[0\] .*0 \(no number in the level-0 pid namespace\) stands alone.*\(format\)$/);
  const pid0 = bootSessionTree();
  pid0.tasks[0].pid = [0];
  t.regex(t.throws(() => load(pid0), { instanceOf: InputError })!.message, /\$\.tasks\[0\]\.pid\[0\].*between 1 and 4194304 \(schema\)/);
});

test('session 0 and group 0 validate: no missing-leader or group finding', (t) => {
  t.deepEqual(codes(load(bootSessionTree())), []);
});

test('group 0 in a session with a number is GROUP_ZERO_OTHER_SESSION', (t) => {
  const img = image([{ pid: 100, ppid: 0, sid: 100, pgid: 100 }, { pid: 103, ppid: 100, sid: 100, pgid: 0 }]);
  const f = validateImage(load(img)).filter((x) => x.severity === 'error');
  t.deepEqual(f.map((x) => x.code), ['GROUP_ZERO_OTHER_SESSION']);
  t.deepEqual(f[0].tasks, [103]);
});

test('the planner hands session 0 and group 0 down from the restorer (itself in session 0) and verifies', (t) => {
  const out = planImage(load(bootSessionTree()));
  if (out.kind !== 'plan') return t.fail(`${out.kind}: ${JSON.stringify(out)}`);
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  t.truthy(ops.find((o) => o.op === 'clone' && o.actor === 'root' && o.child === 't100'));
  t.deepEqual(ops.filter((o) => o.op === 'setsid').map((o) => o.actor), ['t102']);
  t.deepEqual(ops.filter((o) => o.op === 'setpgid').map((o) => o.actor).sort(), ['t101']);
  t.is(out.plan.helpers.length, 0);
});

test('a container-like image (own level-0 pid ns) whose init is in session 0 plans and verifies', (t) => {
  const img = image([
    { pid: 1, ppid: 0, sid: 0, pgid: 0, pidns: 'pidN' },
    { pid: 2, ppid: 1, sid: 0, pgid: 2, pidns: 'pidN' },
  ], { namespaces: [{ id: 'pidN', type: 'pid', level: 0, owner: 'user0' }] });
  img.namespaces = img.namespaces.filter((n) => n.id !== 'pid0');
  img.nsproxies[0] = { ...img.nsproxies[0], pidForChildren: 'pidN' }; // a copy: the fixture's nsproxy is shared
  t.deepEqual(codes(load(img)), []);
  const out = planImage(load(img));
  t.is(out.kind, 'plan', JSON.stringify(out));
  if (out.kind === 'plan') t.true(out.plan.summary.verified);
});

test('pid 1 of an external level-0 pid ns (a whole-system capture) is impossible: the environment\'s init holds it', (t) => {
  const img = image([{ pid: 1, ppid: 0, sid: 0, pgid: 0 }, { pid: 50, ppid: 1, sid: 0, pgid: 50 }]);
  t.deepEqual(codes(load(img)), []);
  const out = planImage(load(img));
  if (out.kind !== 'impossible') return t.fail(`${out.kind}: ${JSON.stringify(out)}`);
  t.is(out.proof[0].rule, 'PID-3');
  t.deepEqual(out.proof[0].culprits, [1]);
  t.regex(out.proof[0].message, /pid 1 of the environment's pid namespace pid0/);
});

/** session01-like tree where the capture could not read the user ns of 100 and its thread 101. */
function unknownUserTree(): Image {
  const img = image([
    { pid: 100, ppid: 0, sid: 0, pgid: 0 },
    { pid: 101, tgid: 100, ppid: 0, sid: 0, pgid: 0 },
    { pid: 102, ppid: 100, sid: 102 },
  ]);
  img.tasks[0].userns = null;
  img.tasks[0].nsproxy = null;
  img.tasks[1].userns = null;
  img.tasks[1].nsproxy = null;
  img.source = { kind: 'capture', unknown: ['user namespaces of tasks 100, 101 (userns null): /proc/PID/ns/user unreadable (EACCES)'] };
  return img;
}

test('userns null loads and is reported as an unknown (a warning), never as an error', (t) => {
  const img = load(unknownUserTree());
  t.is(img.tasks[0].userns, null);
  const f = validateImage(img);
  t.deepEqual(f.filter((x) => x.severity === 'error').map((x) => x.code), []);
  const u = f.find((x) => x.code === 'UNKNOWN_FACTS' && /user namespace/.test(x.message));
  t.truthy(u);
  t.deepEqual(u!.tasks, [100, 101]);
  // a thread whose user ns is unknown does not disagree with a leader whose user ns is known
  const mixed = unknownUserTree();
  mixed.tasks[0].userns = 'user0';
  t.false(validateImage(load(mixed)).some((x) => x.code === 'THREADS_DISAGREE'));
});

test('the planner answers undecided on an unknown user ns, naming the tasks and why it is unknown', (t) => {
  const out = planImage(load(unknownUserTree()));
  if (out.kind !== 'undecided') return t.fail(`${out.kind}: ${JSON.stringify(out)}`);
  t.deepEqual(out.culprits, [100, 101]);
  t.regex(out.reason, /^the user namespace of task\(s\) 100, 101 is unknown \(user namespaces of tasks 100, 101 \(userns null\): \/proc\/PID\/ns\/user unreadable \(EACCES\)\)/);
  // a proof that holds whatever the unknowns are still wins: pid 1 of the environment's pid ns
  const withInit = unknownUserTree();
  withInit.tasks.push({ ...withInit.tasks[2], pid: [1], tgid: 1, sid: [0], pgid: [0], ppid: 0, comm: 'init' });
  withInit.tasks[2].ppid = 1;
  t.is(planImage(load(withInit)).kind, 'impossible');
});
