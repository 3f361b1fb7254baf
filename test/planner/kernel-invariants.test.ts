/**
 * planner/checks/kernel-invariants.ts: proofs from invariants every reachable state keeps. Generated
 * states are reachable by construction, so none may break one (a proof firing there would be
 * unsound); the fuzz triage tests (test/planner-fuzz/triage.test.ts) pin images that do.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { initUserNsLimit, kernelInvariantLimit, mmTimeLimit, timeForChildrenLimit } from '../../planner/checks/kernel-invariants.js';

test('no generated state breaks a kernel invariant (seeds 1-300, default and setids histories)', (t) => {
  for (let seed = 1; seed <= 300; seed++) {
    for (const setids of [false, true]) {
      const img = generateHistory(seed, { setids }).image;
      const p = kernelInvariantLimit(img);
      t.is(p, null, `seed ${seed}${setids ? ' setids' : ''}: ${p?.message}`);
    }
  }
});

test('each invariant names its rule and culprits on a minimal breach', (t) => {
  const img = generateHistory(7).image;
  // an init moved to a sibling user ns of its pid ns owner
  const init = img.tasks.find((x) => x.pid.length > 1 && x.pid[x.pid.length - 1] === 1 && x.pid[0] === x.tgid && x.userns);
  t.truthy(init, 'seed 7 has a pid-ns init');
  if (init) {
    const bad = structuredClone(img);
    const root = img.namespaces.find((n) => n.type === 'user' && !n.parent)!.id;
    const map = [{ inside: 0, outside: 0, count: 1 }];
    bad.namespaces.push({ id: 'user:own', type: 'user', parent: root, level: 1, uidMap: map, gidMap: map });
    bad.namespaces.push({ id: 'user:sib', type: 'user', parent: root, level: 1, uidMap: map, gidMap: map });
    bad.namespaces.find((n) => n.id === init.pidns)!.owner = 'user:own';
    for (const x of bad.tasks) if (x.tgid === init.tgid) x.userns = 'user:sib';
    const p = initUserNsLimit(bad);
    t.is(p?.rule, 'OWN-1');
    t.deepEqual(p?.culprits, [init.pid[0]]);
    // in the owner itself, or below it, it is fine
    for (const x of bad.tasks) if (x.tgid === init.tgid) x.userns = 'user:own';
    t.is(initUserNsLimit(bad), null);
  }
  // two live tasks of one mm in different time namespaces
  const live = img.tasks.filter((x) => x.nsproxy && x.mm && x.state === 'running');
  const bad2 = structuredClone(img);
  const [a, b] = [bad2.tasks.find((x) => x.pid[0] === live[0].pid[0])!, bad2.tasks.find((x) => x.pid[0] === live[1].pid[0])!];
  b.mm = a.mm;
  const np = structuredClone(bad2.nsproxies.find((n) => n.id === a.nsproxy)!);
  np.id = 'nsproxy:other-time';
  np.time = 'time:other';
  np.timeForChildren = 'time:other';
  bad2.nsproxies.push(np);
  bad2.namespaces.push({ id: 'time:other', type: 'time', owner: img.namespaces.find((n) => n.type === 'user' && !n.parent)!.id });
  b.nsproxy = np.id;
  t.is(mmTimeLimit(bad2)?.rule, 'SETNS-6');
  // time_for_children differing from time, held by two tasks with different mms
  const bad3 = structuredClone(img);
  const np3 = structuredClone(bad3.nsproxies.find((n) => n.id === live[0].nsproxy)!);
  np3.id = 'nsproxy:pending';
  np3.timeForChildren = 'time:pending';
  bad3.nsproxies.push(np3);
  bad3.namespaces.push({ id: 'time:pending', type: 'time', owner: img.namespaces.find((n) => n.type === 'user' && !n.parent)!.id });
  const [c, d] = [bad3.tasks.find((x) => x.pid[0] === live[0].pid[0])!, bad3.tasks.find((x) => x.pid[0] === live[1].pid[0])!];
  c.nsproxy = np3.id;
  d.nsproxy = np3.id;
  t.not(c.mm, d.mm);
  const p3 = timeForChildrenLimit(bad3);
  t.is(p3?.rule, 'UNSH-6');
  t.deepEqual(p3?.culprits.slice().sort((x, y) => x - y), [c.pid[0], d.pid[0]].sort((x, y) => x - y));
});
