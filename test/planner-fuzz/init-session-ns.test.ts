/**
 * The proof of planner/checks/init-session-ns.ts: a pid-ns init's session holds at most one namespace of
 * each type owned outside the pid ns's owner subtree, the one the init was born with. Two fuzz
 * cases (generated state + seeded mutation) the planner used to leave undecided are refused with
 * it, and it never fires on a generated (reachable) state.
 */
import test from 'ava';
import { planImage } from '../../planner/index.js';
import { initSessionNsLimit } from '../../planner/checks/init-session-ns.js';
import { generateHistory } from '../../kernel/generator.js';
import { fuzzImage } from './fuzz-image.js';

test('two ipc namespaces owned above the owner of the init\'s pid ns, in one session, are impossible (fuzz 574)', (t) => {
  const { what, image } = fuzzImage(574);
  t.is(what, 'ns-owner: ns ipc:3 owner -> user:0');
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'SETNS-7');
  t.deepEqual(out.proof[0].culprits, [12, 6]);
  t.regex(out.proof[0].message, /ipc:0 and ipc:3/);
  t.is(out.proof[0].chain.length, 4);
});

test('a time_for_children owned above the owner, beside the init\'s own time ns, is impossible (fuzz 279)', (t) => {
  const { image } = fuzzImage(279);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.deepEqual(out.proof[0].culprits, [13, 4]);
  t.regex(out.proof[0].message, /time:0 and time:2/);
});

test('the session may hold the init\'s own outside namespace: fuzz 574 with 12\'s ipc made the init\'s is not refused by it', (t) => {
  const { image } = fuzzImage(574);
  const np12 = image.tasks.find((x) => x.pid[0] === 12)!.nsproxy!;
  const np6 = image.nsproxies.find((p) => p.id === image.tasks.find((x) => x.pid[0] === 6)!.nsproxy)!;
  const same = structuredClone(image);
  for (const p of same.nsproxies) if (p.id === np12) p.ipc = np6.ipc;
  t.not(initSessionNsLimit(image), null);
  t.is(initSessionNsLimit(same), null);
});

test('the init-session namespace proof never fires on a generated (reachable) state', (t) => {
  for (let seed = 1; seed <= 400; seed++) {
    t.is(initSessionNsLimit(generateHistory(seed).image), null, `seed ${seed}`);
    t.is(initSessionNsLimit(generateHistory(seed, { ops: 40 + (seed % 5) * 20 }).image), null, `seed ${seed}`);
  }
});
