/**
 * planner/variants/zombie-mover.ts (re-plan variant zombieMovers, with extended): a process born in a
 * group for its child, which cannot join its own final group from its pid ns and whose parent
 * cannot move it there, is forked by a zombie of that group, which moves it before its exit
 * (FORK-6, PGID-2 step 3, EXIT-2).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { zombieMovers: true as const, extended: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 38474: 31 (pid:2, group 3, parent the restorer) forked 32 in group 2, which pid:2 cannot
// see; a zombie of group 2 forks 31 there, and moves it into group 3 after 31 forked 32 and
// before 31's execve and its own exit.
test('seed 38474: a zombie of group 2 forks 31, 31 forks 32, the zombie moves 31 into group 3', (t) => {
  const ops = mustPlan(t, 38474, VARIANT).ops;
  const f31 = ops.find((o) => o.op === 'clone' && o.child === 't31');
  const z = f31 && f31.op === 'clone' ? f31.actor : '';
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't31' && o.child === 't32');
  const move = at(ops, (o) => o.op === 'setpgid' && o.actor === z && o.pid === 31 && o.pgid === 3);
  const exec = at(ops, (o) => o.op === 'execve' && o.actor === 't31');
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === z);
  t.true(z !== '' && z !== 'root' && fork >= 0 && fork < move && move < exec && move < exit, 'the zombie moves 31 after 32 is born, before 31 execs and before it exits');
});

test('seed 38474: planned by planImage, undecided without the variant', (t) => {
  mustPlan(t, 38474);
  t.is(planWithVariant(generateHistory(38474).image, { extended: true }).kind, 'undecided');
});
