/**
 * Fuzz cases the planner left undecided with "task X must be born in session S with parent P, but
 * no task of that session can create it there" (the fuzz test's own images: generated state +
 * seeded mutation), now decided:
 * - 178, verified: the group's leader, which has left its group, forks a helper into the member's
 *   pid ns while it still leads the group; the helper forks the member and exits, so the member
 *   goes to that pid ns's init (re-plan variant leavingLeaders, sessions.ts, build.ts);
 * - 392, impossible (planner/checks/invisible-group-child.ts): a child in a group its pid-ns level
 *   cannot see, under a parent that is at its level, not an init, and in another invisible group;
 * - 312, impossible (planner/checks/init-session-userns.ts): a task of a pid-ns init's session in a user
 *   ns above the pid ns's owner.
 */
import test from 'ava';
import { planImage } from '../../planner/index.js';
import { invisibleGroupChildLimit } from '../../planner/checks/invisible-group-child.js';
import { initSessionUserNsLimit } from '../../planner/checks/init-session-userns.js';
import { generateHistory } from '../../kernel/generator.js';
import { fuzzImage } from './fuzz-image.js';
import { verifiedFuzzOps } from './verified-fuzz-plan.js';

test('a leaving leader forks, while it leads its group, a helper into the pid ns whose init is the member\'s parent (seed 178)', (t) => {
  const ops = verifiedFuzzOps(t, 178, 'pgid-to-other-pid: task 34 pgid -> 38');
  // 38 makes group 38, forks the helper that forks 34, then joins group 2
  const group = ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't38' && o.pgid === 0);
  const born = ops.findIndex((o) => o.op === 'clone' && o.child === 't34');
  const helper = ops[born]?.actor;
  const helperBorn = ops.findIndex((o) => o.op === 'clone' && o.child === helper && o.actor === 't38');
  const join = ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't38' && o.pgid === 2);
  t.true(group >= 0 && group < helperBorn && helperBorn < born && born < join, `${group} ${helperBorn} ${born} ${join}`);
});

test('a child in a group its level cannot see, under a same-level non-init parent in another invisible group, is impossible (seed 392)', (t) => {
  const { what, image } = fuzzImage(392);
  t.true(what.includes('pgid-to-other-pid: task 41 pgid -> 18'), what);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'PGID-2');
  t.deepEqual(out.proof[0].culprits, [41, 19, 15]);
});

test('the invisible-group-child proof never fires on a generated (reachable) state', (t) => {
  for (let seed = 1; seed <= 400; seed++) {
    t.is(invisibleGroupChildLimit(generateHistory(seed).image), null, `seed ${seed}`);
    t.is(invisibleGroupChildLimit(generateHistory(seed, { ops: 40 + (seed % 5) * 20 }).image), null, `seed ${seed}`);
  }
});

test('a task of a pid-ns init\'s session in a user ns above the pid ns\'s owner is impossible (seed 312)', (t) => {
  const { what, image } = fuzzImage(312);
  t.true(what.includes('swap-userns: task 36 userns -> user:0'), what);
  const out = planImage(image);
  t.is(out.kind, 'impossible');
  if (out.kind !== 'impossible') return;
  t.is(out.proof[0].rule, 'SID-2');
  t.deepEqual(out.proof[0].culprits, [36, 3]);
  t.true(out.proof[0].message.includes('owned by user:1'), out.proof[0].message);
});

test('the init-session user-ns proof never fires on a generated (reachable) state', (t) => {
  for (let seed = 1; seed <= 400; seed++) {
    t.is(initSessionUserNsLimit(generateHistory(seed).image), null, `seed ${seed}`);
    t.is(initSessionUserNsLimit(generateHistory(seed, { ops: 40 + (seed % 5) * 20 }).image), null, `seed ${seed}`);
  }
});
