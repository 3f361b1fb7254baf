/**
 * planner/creators/group-ghost-heirs.ts (re-plan variant groupGhostHeirs): a dead group leader's ghost
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

// Seed 42190: init 30 of pid:7 (leading session 30) must be born in session 2 and dead group 11,
// led from pid:2, whose init 3 is 30's parent; 3 leads session 3 and cannot be born in group 11
// (older than it). 3 alone is born in session 2 (created by its sibling 2 with CLONE_PARENT) and
// forks group 11's ghost before its setsid; the ghost forks 30 and exits, so 30 goes to 3.
test('seed 42190: init 3, lifted alone into session 2, forks group 11\'s ghost, which forks init 30', (t) => {
  const plan = mustPlan(t, 42190, { groupGhostHeirs: true, groupJoiners: true });
  const ops = plan.ops;
  const c3 = cloneAt(ops, 't3');
  t.is(ops[c3]?.actor, 't2', '3 is created by 2, in session 2');
  t.true((ops[c3] as Clone).flags.includes('CLONE_PARENT'), 'with CLONE_PARENT');
  const g = plan.helpers.find((h) => h.why.includes('a ghost with pid 11'));
  t.truthy(g, 'group 11 has a ghost');
  const born = cloneAt(ops, g!.name);
  t.is(ops[born]?.actor, 't3', '3 forks the ghost');
  const setsid = ops.findIndex((o) => o.op === 'setsid' && o.actor === 't3');
  t.true(c3 < born && born < setsid, 'before its own setsid');
  const c30 = cloneAt(ops, 't30');
  t.is(ops[c30]?.actor, g!.name, 'the ghost forks 30');
});

// Seed 38113: init 63 of pid:8 was born in session 33 and group 33; its parent 13 is in session 54
// and was a subreaper only while 33, session 33's leader and a zombie below it, exited. 33's
// creator chain runs through 6, a member of session 54, decided after session 33: session 33 is
// decided again after the others, and zombie 33 forks 63 (through its pid-ns maker), 13 being a
// subreaper only around 33's exit (temp-subreaper.ts).
test('seed 38113: session 33 decided after session 54, so zombie 33 forks 63 for temporary subreaper 13', (t) => {
  const plan = mustPlan(t, 38113, { groupGhostHeirs: true, groupJoiners: true, bornCreators: true });
  const ops = plan.ops;
  const c63 = cloneAt(ops, 't63');
  const maker = ops[c63]?.actor ?? '';
  t.true(maker === 't33' || cloneAt(ops, maker) >= 0 && ops[cloneAt(ops, maker)]?.actor === 't33', '33 (or its pid-ns maker) creates 63');
  const on = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't13' && o.value === true);
  const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === 't33');
  const off = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't13' && o.value === false);
  t.true(c63 < on && on < exit && exit < off, '13 is a subreaper only around 33\'s exit');
});

// Seed 45321: init 34 of pid:6 is in dead group 9 ([9, 2]); 2 is task 41's pid in pid:6, so the
// group's leader lived in another pid ns of level 1 (pid:1) and 34 cannot join it from pid:6: its
// sibling 6, in group 9, creates it with CLONE_PARENT (group-taken-number.ts).
test('seed 45321: group 9\'s number in pid:6 is a task\'s pid, so init 34 inherits group 9 from its sibling 6', (t) => {
  const plan = mustPlan(t, 45321, { groupGhostHeirs: true, groupJoiners: true });
  const ops = plan.ops;
  const c34 = cloneAt(ops, 't34');
  t.is(ops[c34]?.actor, 't6', '6 creates 34');
  t.true((ops[c34] as Clone).flags.includes('CLONE_PARENT'), 'with CLONE_PARENT');
  t.is(ops.findIndex((o) => o.op === 'setpgid' && o.actor === 't34' && o.pgid === 9), -1, '34 never joins group 9 itself');
});
