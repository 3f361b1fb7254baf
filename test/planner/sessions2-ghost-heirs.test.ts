/**
 * planner/group-ghost-heirs.ts (re-plan variant groupGhostHeirs): a dead group leader's ghost
 * forked before its forker's setsid, or forking a helper into the pid ns below whose init is the
 * member's parent.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const cloneAt = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);

// Seed 16050: init 70 of pid:3 is born in session 9 and dead group 28, led from pid:2, which
// pid:3 cannot see; its parent 24, the init of pid:2, is born in session 9 and leads session 24.
// 24 forks group 28's ghost before its setsid; the ghost recreates 28, forks 70 and exits, so 70
// goes to 24, the init of the ghost's pid ns.
test('seed 16050: init 24 forks group 28\'s ghost before its setsid, the ghost forks init 70', (t) => {
  const plan = mustPlan(t, 16050, { groupGhostHeirs: true, shares: true });
  const ops = plan.ops;
  const g = plan.helpers.find((h) => h.why.includes('a ghost with pid 28'));
  t.truthy(g, 'group 28 has a ghost');
  const born = cloneAt(ops, g!.name);
  t.is(ops[born]?.actor, 't24', '24 forks the ghost');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't24');
  t.true(born < setsid, 'before its own setsid, so the ghost is in session 9');
  const made = ops.findIndex((o) => o.op === 'setpgid' && o.actor === g!.name && o.pid === 0 && o.pgid === 0);
  const c70 = cloneAt(ops, 't70');
  t.is(ops[c70]?.actor, g!.name, 'the ghost forks 70');
  t.true(made < c70, 'after recreating group 28');
  t.true((ops[c70] as Clone).flags.includes('CLONE_NEWPID'), '70 is the init of a new pid ns');
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === g!.name);
  t.true(exit > c70, 'the ghost exits after 70 exists');
});

// Seed 51423: task 16 of pid:2 is born in session 4 and dead group 5, led from pid:1; its parent
// 6, the init of pid:2, leads another session. Group 5's ghost, forked in pid:1 by 4, forks a
// helper into pid:2; the helper forks 16 in group 5 and exits, so 16 goes to 6, pid:2's init.
test('seed 51423: group 5\'s ghost forks a helper one pid ns down, whose exit hands 16 to init 6', (t) => {
  const plan = mustPlan(t, 51423, { groupGhostHeirs: true });
  const ops = plan.ops;
  const g = plan.helpers.find((h) => h.why.includes('a ghost with pid 5'));
  t.truthy(g, 'group 5 has a ghost');
  const c16 = cloneAt(ops, 't16');
  const hh = ops[c16]?.actor;
  const bornH = cloneAt(ops, hh!);
  t.is(ops[bornH]?.actor, g!.name, '16\'s forker is a helper the ghost forks');
  const made = ops.findIndex((o) => o.op === 'setpgid' && o.actor === g!.name && o.pid === 0 && o.pgid === 0);
  t.true(made < bornH, 'after the ghost recreated group 5');
  const pfc = ops.findIndex((o) => o.op === 'setns' && o.actor === g!.name && o.file === 'pid' && o.target === 't6');
  t.true(pfc >= 0 && pfc < bornH, 'the helper is forked into 6\'s pid ns (pid_for_children)');
  const exitH = ops.findIndex((o) => o.op === 'exit' && o.actor === hh);
  const exitG = ops.findIndex((o) => o.op === 'exit' && o.actor === g!.name);
  t.true(c16 < exitH && exitH < exitG, 'the helper exits after forking 16, before the ghost');
});

// Seed 4453: init 50 of pid:8 is born in session 2 and live group 7 (led from pid:1); its parent
// 40, born in session 2, leads session 40. 40 forks before its setsid a helper that joins group 7
// (group-joiner.ts), forks 50 and exits, so 50 goes to 40.
test('seed 4453: 40 forks before its setsid a joiner of group 7, which forks init 50', (t) => {
  const plan = mustPlan(t, 4453, { groupGhostHeirs: true, groupJoiners: true, shares: true });
  const ops = plan.ops;
  const c50 = cloneAt(ops, 't50');
  const hh = ops[c50]?.actor;
  t.regex(hh ?? '', /^h\d+$/, 'a helper forks 50');
  const bornH = cloneAt(ops, hh!);
  t.is(ops[bornH]?.actor, 't40', '40 forks it');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't40');
  t.true(bornH < setsid, 'before its own setsid');
  const joined = ops.findIndex((o) => o.op === 'setpgid' && o.actor === hh && o.pgid === 7);
  t.true(bornH < joined && joined < c50, 'the helper joins group 7 before forking 50');
});
