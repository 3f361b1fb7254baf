/**
 * planner/variants/user-bound-creators.ts (re-plan variant userBoundCreators, here with emitChoices as in
 * VARIANTS): every member's creator chosen in a user ns at or above the one it must be born in
 * (SETNS-4, UNSH-3): a session ghost's helper born in the restorer's user ns, a process born above
 * the children it forks itself, every member of a session bound. Each seed stays undecided without
 * the variant.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { userBoundCreators: true as const, emitChoices: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const cloneOf = (ops: Op[], child: string): number => at(ops, (o) => o.op === 'clone' && o.child === child);
const actorAt = (ops: Op[], i: number): string => (i >= 0 ? (ops[i] as { actor: string }).actor : '');
const userJoin = (ops: Op[], actor: string): number => at(ops, (o) => o.op === 'setns' && o.actor === actor && o.file === 'user');

/** the answer without the variant: the first attempt's, then emitChoices alone (its companion here) */
function undecidedWithout(seed: number): string[] {
  const img = generateHistory(seed).image;
  return [planWithVariant(img, {}), planWithVariant(img, { emitChoices: true })].map((o) => (o.kind === 'undecided' ? o.reason : o.kind));
}

// Seed 7473: 8 (user:1) must be born in session 3 under 5, init of pid:0 born in user:0 beside
// user:1. Session 3's ghost, placed at the restorer, forks a helper into pid:0 that forks 8 and
// exits (8 goes to 5, EXIT-2); the first attempt dropped that helper, counted in no user ns.
test('seed 7473: the session ghost forks a helper into pid:0, which forks 8', (t) => {
  for (const r of undecidedWithout(7473)) t.regex(r, /task 8 would be born in user ns user:0 .* cannot move back up to user:1/);
  const ops = mustPlan(t, 7473, V).ops;
  const c8 = cloneOf(ops, 't8');
  const helper = actorAt(ops, c8);
  t.true(helper.startsWith('h'), '8 is forked by a helper');
  const ghost = actorAt(ops, cloneOf(ops, helper));
  t.true(ghost.startsWith('h') && actorAt(ops, cloneOf(ops, ghost)) === 'root', 'that helper is forked by the ghost, the restorer\'s child');
  t.true(at(ops, (o) => o.op === 'setns' && o.actor === ghost && o.file === 'pid') < cloneOf(ops, helper), 'the ghost points pid_for_children at pid:0 first');
  t.true(c8 < userJoin(ops, 't8'), '8 enters user:1 after its birth');
});

// Seed 56942: 29 (user:2) forks 54 (user:0) before its setns into user:2, so 29 is born in
// user:0: not by its parent 7, init of pid:1 born in user:2, but by a helper that exits.
test('seed 56942: 29 is forked by a helper of the upper user ns and forks 54 before its switch', (t) => {
  for (const r of undecidedWithout(56942)) t.regex(r, /task 54 would be born in user ns user:2 .* cannot move back up to user:0/);
  const ops = mustPlan(t, 56942, V).ops;
  t.true(actorAt(ops, cloneOf(ops, 't29')).startsWith('h'), '29 is forked by a helper');
  const c54 = cloneOf(ops, 't54');
  t.is(actorAt(ops, c54), 't29', '29 forks 54');
  t.true(c54 < userJoin(ops, 't29'), 'before it enters user:2');
});

// Seed 42587: members 5, 17 and 18 of session 2, in the restorer's user ns, were forked by the
// ghost placed under 20 (user:2). Every member bound, the ghost is placed at the restorer.
test('seed 42587: session 2\'s ghost, the restorer\'s child, creates 5, 17 and 18', (t) => {
  for (const r of undecidedWithout(42587)) t.regex(r, /would be born in user ns user:2 .* cannot move back up to user:0/);
  const ops = mustPlan(t, 42587, V).ops;
  for (const c of ['t5', 't17', 't18']) {
    const by = actorAt(ops, cloneOf(ops, c));
    t.true(by.startsWith('h') && actorAt(ops, cloneOf(ops, by)) === 'root', `${c}'s creator is the restorer's child`);
  }
});

// Seed 86682: 33 (user:1) must join uts:2, owned by user:0, before its switch; forked by session
// 13's ghost from above, it joins uts:2 first.
test('seed 86682: 33 is forked by session 13\'s ghost and joins uts:2 before entering user:1', (t) => {
  for (const r of undecidedWithout(86682)) t.regex(r, /t33 must enter uts ns uts:2 .* no rights over/);
  const ops = mustPlan(t, 86682, V).ops;
  t.true(actorAt(ops, cloneOf(ops, 't33')).startsWith('h'), '33 is forked by the ghost');
  const uts = at(ops, (o) => o.op === 'setns' && o.actor === 't33' && o.file === 'uts');
  t.true(uts >= 0 && uts < userJoin(ops, 't33'), '33 joins uts:2 before its switch');
});
