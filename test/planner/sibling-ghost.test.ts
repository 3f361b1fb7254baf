/**
 * planner/creators/sibling-ghost.ts (re-plan variant siblingGhosts): a group's ghost forked with
 * CLONE_PARENT by a sibling of the member it creates.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

// Seed 13842: init 6, the restorer's child, must be born in group 4 (its children 10 and 12,
// inits of pid:3 and pid:5, inherit it) of session 2. Group 4's leader is dead, and session 2's
// only task in the host pid ns is its zombie leader 2, a subreaper, whose helpers' orphans would
// go to 2 itself. 2 forks group 4's ghost with CLONE_PARENT (a child of the restorer, in session
// 2), the ghost recreates group 4 and creates 6 (through its pid-ns maker) with CLONE_PARENT, so
// 6 is the restorer's child in session 2 and group 4; the ghost then exits.
test('seed 13842: a sibling forks a dead group\'s ghost with CLONE_PARENT, which creates init 6 in it', (t) => {
  const plan = mustPlan(t, 13842, { groupJoiners: true, siblingGhosts: true });
  const ops = plan.ops;
  const g = plan.helpers.find((h) => h.why.includes('a ghost with pid 4') && h.why.includes('CLONE_PARENT'));
  t.truthy(g, 'group 4 has a ghost forked with CLONE_PARENT');
  const born = cloneAt(ops, g!.name);
  t.is(ops[born]?.actor, 't2', '2, a sibling of 6, forks it');
  t.true((ops[born] as Clone).flags.includes('CLONE_PARENT'), 'with CLONE_PARENT: the restorer\'s child');
  const made = ops.findIndex((o) => o.op === 'setpgid' && o.actor === g!.name && o.pid === 0 && o.pgid === 0);
  const c6 = cloneAt(ops, 't6');
  t.true(born < made && made < c6, 'the ghost recreates group 4 before 6 is created');
  t.true((ops[c6] as Clone).flags.includes('CLONE_PARENT'), '6 is created with CLONE_PARENT');
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === g!.name);
  t.true(exit > c6, 'the ghost exits after 6 exists');
});

// Seed 14745: init 17, the restorer's child, must be born in group 10 (live leader) of session 2,
// which its pid ns cannot see. Its sibling 2, session 2's leader, forks with CLONE_PARENT a helper
// that joins group 10 and creates 17 (through its pid-ns maker) with CLONE_PARENT.
test('seed 14745: a sibling forks a joiner of group 10 with CLONE_PARENT, which creates init 17 in it', (t) => {
  const plan = mustPlan(t, 14745, { groupJoiners: true, siblingGhosts: true });
  const ops = plan.ops;
  const h = plan.helpers.find((x) => x.why.includes('joins group 10') && x.why.includes('CLONE_PARENT'));
  t.truthy(h, 'a helper forked with CLONE_PARENT joins group 10');
  const born = cloneAt(ops, h!.name);
  t.is(ops[born]?.actor, 't2', '2, a sibling of 17, forks it');
  const joined = ops.findIndex((o) => o.op === 'setpgid' && o.actor === h!.name && o.pgid === 10);
  const c17 = cloneAt(ops, 't17');
  t.true(born < joined && joined < c17, 'it joins group 10 before 17 is created');
  t.true((ops[c17] as Clone).flags.includes('CLONE_PARENT'), '17 is created with CLONE_PARENT');
});
