import test from 'ava';
import type { Image, Task, TaskState } from '../../model/image.js';
import { importCriuDir, isCriuDir } from '../../criu/import.js';
import { validateImage } from '../../model/validate.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { decodedDir, decodedFacts, SETS, setDir } from './helpers.js';

const NS_FIELDS: Record<string, string> = {
  uts: 'uts_ns_id', ipc: 'ipc_ns_id', mnt: 'mnt_ns_id', net: 'net_ns_id', pid: 'pid_ns_id',
  user: 'user_ns_id', cgroup: 'cgroup_ns_id', time: 'time_ns_id',
};

/** The namespace of `type` a task is in, via its nsproxy (or its own pid/user ns). */
function nsOf(image: Image, t: Task, type: string) {
  let ref: string | undefined;
  if (type === 'pid') ref = t.pidns;
  else if (type === 'user') ref = t.userns ?? undefined;
  else {
    const nsp = image.nsproxies.find((n) => n.id === t.nsproxy)!;
    ref = (nsp as unknown as Record<string, string>)[type];
  }
  return image.namespaces.find((n) => n.id === ref)!;
}

/** What a task state read from the decoder means (README: read the number; the names are mislabelled). */
function expectedState(s: number | string): TaskState {
  if (s === 1 || s === 'Alive') return 'running';
  if (s === 2 || s === 'Dead') return 'zombie';
  if (s === 3 || s === 'Zombie' || s === 'Stopped') return 'stopped';
  throw new Error(`test: unexpected task_state ${String(s)}`);
}

for (const set of SETS) {
  test(`${set}: binary import matches CRIU's decoded JSON facts`, (t) => {
    t.true(isCriuDir(setDir(set)));
    const { image, warnings } = importCriuDir(setDir(set));
    t.deepEqual(warnings, []);
    const { procs, rootIds, uts } = decodedFacts(set);
    const leaders = image.tasks.filter((x) => x.pid[0] === x.tgid);
    t.deepEqual(leaders.map((x) => x.tgid).sort((a, b) => a - b), procs.map((p) => p.pid).sort((a, b) => a - b), 'processes');
    for (const p of procs) {
      const lead = leaders.find((x) => x.tgid === p.pid)!;
      t.is(lead.ppid, p.ppid, `ppid of ${p.pid}`);
      t.deepEqual(lead.pgid, [p.pgid], `pgid of ${p.pid}`);
      t.deepEqual(lead.sid, [p.sid], `sid of ${p.pid}`);
      const state = expectedState(p.taskState);
      t.is(lead.state, state, `state of ${p.pid}`);
      const group = image.tasks.filter((x) => x.tgid === p.pid);
      if (state === 'zombie') {
        t.is(group.length, 1, `zombie ${p.pid} is one task whatever pstree's threads say`);
        t.is(lead.exit?.code, (p.exitCode >> 8) & 0xff);
        t.is(lead.nsproxy, null);
        t.is(lead.mm, null);
      } else {
        t.deepEqual(group.map((x) => x.pid[0]).sort((a, b) => a - b), [...p.threads].sort((a, b) => a - b), `threads of ${p.pid}`);
        for (const th of group) t.is(th.state, state);
        t.is(lead.comm, p.comm);
        // namespaces: external exactly when the id equals inventory root_ids
        for (const [type, field] of Object.entries(NS_FIELDS)) {
          const ns = nsOf(image, lead, type);
          t.is(ns.external === true, p.ids![field] === rootIds[field], `${type} ns of ${p.pid}: external iff ${field} equals root_ids`);
          if (type === 'uts' && uts.has(p.ids![field])) t.is(ns.hostname, uts.get(p.ids![field])!.nodename);
        }
      }
      if (state === 'stopped') t.is(lead.stopSignal, p.stopSigno ?? 19);
    }
    // sharing ids: equal strings exactly when CRIU's ids are equal
    const live = procs.filter((p) => p.ids);
    for (const a of live) for (const b of live) {
      const ta = leaders.find((x) => x.tgid === a.pid)!;
      const tb = leaders.find((x) => x.tgid === b.pid)!;
      t.is(ta.files === tb.files, a.ids!.files_id === b.ids!.files_id);
      t.is(ta.mm === tb.mm, a.ids!.vm_id === b.ids!.vm_id);
    }
    t.is(image.source?.kind, 'criu');
    t.true((image.source?.unknown ?? []).some((u) => /namespace ownership/.test(u)));
  });

  test(`${set}: decoded-JSON import gives the same image as the binary one`, (t) => {
    t.true(isCriuDir(decodedDir(set)));
    const bin = importCriuDir(setDir(set)).image;
    const js = importCriuDir(decodedDir(set));
    t.deepEqual(js.warnings, []);
    const strip = (i: Image) => ({ ...i, description: undefined, source: { ...i.source, origin: undefined } });
    t.deepEqual(strip(js.image), strip(bin));
  });

  test(`${set}: validates clean, plans, and the plan replays exactly on the simulated kernel`, (t) => {
    const { image } = importCriuDir(setDir(set));
    const findings = validateImage(image);
    t.deepEqual(findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), []);
    const out = planImage(image);
    if (out.kind !== 'plan') return t.fail(`${set}: ${JSON.stringify(out).slice(0, 400)}`);
    const replay = replayOnSimKernel(image, out.plan.ops);
    t.is(replay.failedAt, -1, 'every op succeeds');
    t.deepEqual(diffImages(image, replay.snapshot).map((d) => d.message), []);
    if (set === 'mixed-sessions') {
      // group 8's leader exited and was reaped: a helper must recreate the group
      const h = out.plan.helpers.find((x) => x.pid?.[0] === 8);
      t.truthy(h, `a helper with pid 8 for the leaderless group; helpers: ${JSON.stringify(out.plan.helpers)}`);
    } else {
      t.deepEqual(out.plan.helpers, [], 'no helper needed');
    }
  });
}

test('mixed-sessions: the facts the README states', (t) => {
  const { image } = importCriuDir(setDir('mixed-sessions'));
  const z = image.tasks.find((x) => x.state === 'zombie')!;
  t.deepEqual(z.exit, { code: 7 });
  t.deepEqual(image.tasks.filter((x) => x.tgid === 2).map((x) => x.pid[0]), [2, 5, 7]);
  t.true(image.tasks.filter((x) => x.tgid === 2).every((x) => x.files === image.tasks.find((y) => y.pid[0] === 2)!.files));
  t.false(image.tasks.some((x) => x.pid[0] === 8), 'no task 8');
  t.true(image.tasks.some((x) => x.pgid[0] === 8), 'but group 8 is named');
  const pid = image.namespaces.find((n) => n.type === 'pid')!;
  t.is(pid.external, false, 'its own pid namespace, recreated on restore');
  t.is(image.tasks[0].pid[0], 1);
});

test('plain and stopped: host pid namespace; stopped: SIGSTOP', (t) => {
  for (const s of ['plain', 'stopped']) {
    const { image } = importCriuDir(setDir(s));
    t.is(image.namespaces.find((n) => n.type === 'pid')!.external, true);
  }
  const st = importCriuDir(setDir('stopped')).image.tasks[0];
  t.is(st.state, 'stopped');
  t.is(st.stopSignal, 19);
  const uts = importCriuDir(setDir('pid-mnt-uts')).image.namespaces.find((n) => n.type === 'uts')!;
  t.deepEqual([uts.external, uts.hostname, uts.domainname], [undefined, 'criu-uts-test', '(none)']);
});
