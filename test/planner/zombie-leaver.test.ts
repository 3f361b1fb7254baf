/**
 * planner/variants/zombie-leaver.ts (re-plan variant zombieLeavers): a zombie that led a group it left
 * forks, while it still leads it, a member that can only inherit the group, and its exit hands
 * the member to its parent (PGID-2, PGID-3, EXIT-2).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { zombieLeavers: true as const, shares: true as const, zombieShares: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 71345: 63 (session 8, group 54, the init of its own user and pid ns, parent the restorer)
// cannot see group 54 from its pid ns. 54, a zombie now in group 8, made group 54, forked 63
// there, joined group 8 and exited.
test('seed 71345: zombie 54 makes group 54, forks 63 there, then joins group 8 and exits', (t) => {
  const ops = mustPlan(t, 71345, VARIANT).ops;
  const make = at(ops, (o) => o.op === 'setpgid' && o.actor === 't54' && o.pid === 0 && o.pgid === 0);
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't54' && o.child === 't63');
  const leave = at(ops, (o) => o.op === 'setpgid' && o.actor === 't54' && o.pgid === 8);
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === 't54');
  t.true(make >= 0 && make < fork && fork < leave && leave < exit, '54 forks 63 between making group 54 and leaving it, then exits');
});

test('seed 71345: planned by planImage, undecided without the variant', (t) => {
  mustPlan(t, 71345);
  t.is(planWithVariant(generateHistory(71345).image, { shares: true, zombieShares: true }).kind, 'undecided');
});
