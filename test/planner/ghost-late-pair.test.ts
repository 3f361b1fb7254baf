/**
 * planner/variants/ghost-late-pair.ts (re-plan variant ghostLatePairs; index.ts VARIANTS): in the
 * re-plan after a session's ghost was needed under two parents, a placement of the ghost whose
 * exit comes before two nested subreapers set their flags, so what it forked goes past both. The
 * seed's first attempt stays undecided ("needed session 6's ghost under 4") without the flag.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { GHOST_UNDER_TWO } from '../../planner/variants/sess-ghost-options.js';
import { mustPlan } from './seeded.js';

type Clone = Extract<Op, { op: 'clone' }>;
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 72800: session 6's dead leader was forked by 4, CLONE_PARENTed 8 (parent 4) and forked 10,
// whose parent is the restorer: it exited before 4 and 2 (4's parent) became subreapers.
test('seed 72800: session 6\'s ghost under 4 forks 10 and exits before 4 and 2 set their subreaper flags', (t) => {
  const img = generateHistory(72800).image;
  const first = planWithVariant(img, {});
  t.true(first.kind === 'undecided' && GHOST_UNDER_TWO.test(first.reason), 'the first attempt needs the ghost under two parents');
  const ops = mustPlan(t, 72800, { ghostLatePairs: true }).ops;
  const c10 = at(ops, (o) => o.op === 'clone' && o.child === 't10');
  const ghost = (ops[c10] as Clone).actor;
  t.true(ghost.startsWith('h') && ops.some((o) => o.op === 'setsid' && o.actor === ghost), 'session 6\'s ghost forks 10');
  t.is((ops[at(ops, (o) => o.op === 'clone' && o.child === ghost)] as Clone).actor, 't4', '4 forks the ghost');
  const c8 = at(ops, (o) => o.op === 'clone' && o.child === 't8');
  t.true((ops[c8] as Clone).actor === ghost && (ops[c8] as Clone).flags.includes('CLONE_PARENT'), 'the ghost creates 8 with CLONE_PARENT');
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === ghost);
  const flag = (a: string) => at(ops, (o) => o.op === 'subreaper' && o.actor === a && o.value);
  t.true(exit > c10 && exit > c8, 'the ghost exits after creating them');
  t.true(flag('t4') > exit && flag('t2') > exit, 'both subreaper flags come after the ghost\'s exit');
});
