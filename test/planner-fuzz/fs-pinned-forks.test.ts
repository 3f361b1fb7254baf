/**
 * The proof of planner/checks/fs-pinned-forks.ts: a task pinned to its user ns by an fs_struct it
 * shares with an ancestor forks only tasks that stay in that ns's subtree and inherit its outside
 * namespaces. Fuzz 451, which the planner used to leave undecided, is refused with it; the proof
 * does not fire when the pin or the family is broken, and never on a generated (reachable) state.
 */
import test from 'ava';
import { planImage } from '../../planner/index.js';
import { fsPinnedForksLimit } from '../../planner/checks/fs-pinned-forks.js';
import { generateHistory } from '../../kernel/generator.js';
import { fuzzImage } from './fuzz-image.js';

const task = (image: ReturnType<typeof fuzzImage>['image'], pid: number) => image.tasks.find((x) => x.pid[0] === pid)!;

test('fuzz 451: 23 holds uts:1, owned by the root user ns, but its parent 18 is pinned to user:0 and holds uts:0', (t) => {
  const { what, image } = fuzzImage(451);
  t.regex(what, /ns uts:1 owner -> user:1/);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'SETNS-7');
  t.deepEqual(out.proof[0].culprits, [23, 18, 3]);
  t.regex(out.proof[0].message, /pinned to user ns user:0 by fs_struct fs:0 shared with its ancestor 3/);
  t.regex(out.proof[0].chain[3], /task 18 uts:0 .* task 23 uts:1/);
});

test('no pin, no verdict: 18 with an fs_struct of its own, or 23 with 18\'s uts', (t) => {
  const { image } = fuzzImage(451);
  t.not(fsPinnedForksLimit(image), null);
  const own = structuredClone(image);
  task(own, 18).fs = 'fs:99';
  t.is(fsPinnedForksLimit(own), null);
  const same = structuredClone(image);
  const np23 = same.nsproxies.find((p) => p.id === task(same, 23).nsproxy)!;
  np23.uts = 'uts:0';
  t.is(fsPinnedForksLimit(same), null);
});

test('a pid-ns init between the pinned task and a holder ends the family: orphans of its ns may come from outside', (t) => {
  const { image } = fuzzImage(451);
  // move the outside uts to a child of 23 (init of pid:2): that child may be a reparented orphan
  const below = structuredClone(image);
  const np23 = below.nsproxies.find((p) => p.id === task(below, 23).nsproxy)!;
  below.nsproxies.push({ ...np23, id: 'nsproxy:90' });
  np23.uts = 'uts:0';
  below.tasks.push({ ...structuredClone(task(below, 23)), pid: [90, 2], tgid: 90, ppid: 23, nsproxy: 'nsproxy:90', fs: 'fs:90', files: 'files:90' });
  t.is(fsPinnedForksLimit(below), null);
});

test('a task of the family in a user ns outside the pinned task\'s subtree is refused (OWN-2)', (t) => {
  const { image } = fuzzImage(451);
  const out = structuredClone(image);
  // 23 back to 18's uts, then into the root user ns user:1
  out.nsproxies.find((p) => p.id === task(out, 23).nsproxy)!.uts = 'uts:0';
  task(out, 23).userns = 'user:1';
  const r = fsPinnedForksLimit(out);
  t.is(r?.rule, 'OWN-2');
  t.deepEqual(r?.culprits, [23, 18, 3]);
});

test('the pinned-forks proof never fires on a generated (reachable) state, CLONE_VM processes and credential switches included', (t) => {
  let pinned = 0;
  for (let seed = 1; seed <= 400; seed++) {
    for (const h of [generateHistory(seed), generateHistory(seed, { ops: 40 + (seed % 5) * 20 }), generateHistory(seed, { setids: true, vmForks: true })]) {
      t.is(fsPinnedForksLimit(h.image), null, `seed ${seed}`);
      // the premise (a pin below the root user ns) occurs in these states, so the check above is not empty
      const nested = new Set(h.image.namespaces.filter((n) => n.type === 'user' && n.parent).map((n) => n.id));
      const holders = new Map<string, number[]>();
      for (const x of h.image.tasks) if (x.fs && x.pid[0] === x.tgid) (holders.get(x.fs) ?? holders.set(x.fs, []).get(x.fs)!).push(x.tgid);
      const byPid = new Map(h.image.tasks.map((x) => [x.pid[0], x]));
      for (const x of h.image.tasks) if (x.fs && x.pid[0] === x.tgid && (holders.get(x.fs) ?? []).includes(x.ppid) && byPid.has(x.ppid) && nested.has(x.userns ?? '')) pinned++;
    }
  }
  t.true(pinned > 50, `${pinned} pinned parent-child pairs below the root user ns`);
  t.log(`${pinned} pinned parent-child pairs below the root user ns`);
});
