/**
 * planner/variants/misc-temp-open.ts (variant tempOpen, with bornCreators): a temporary subreaper whose
 * zombie lies past the session's first eight, is decided in the same component, or is itself a
 * subreaper above a child that stops its own orphans.
 * - seed 71047: zombie 72 (session 6, child of 3) forks 43 and exits; 43 goes to 2, a subreaper
 *   only around that exit (72 is the session's ninth zombie and undecided when 43 is).
 * - seed 88654: session leader 12, a zombie and a subreaper, forks init 35 and exits; 35 goes to 2.
 * - seed 54345: session leader 22, a zombie and a subreaper, forks 38 and exits before its parent
 *   18 sets its subreaper flag; 38 goes to 17, 18's parent, a subreaper only around that exit.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

for (const [seed, z, child, q] of [[71047, 't72', 't43', 't2'], [88654, 't12', 't35', 't2']] as const) {
  test(`seed ${seed}: zombie ${z} forks ${child}, which goes to ${q}, a subreaper only around ${z}'s exit`, (t) => {
    const { ops } = mustPlan(t, seed, { moves: false, initStop: false, bornCreators: true, tempOpen: true });
    // (z forks it, or forks the pid-ns maker that creates it with CLONE_PARENT)
    const fork = at(ops, (o) => o.op === 'clone' && o.child === child);
    const by = ops[fork]?.actor;
    t.true(by === z || ops.some((o) => o.op === 'clone' && o.child === by && o.actor === z), `${child} is created by ${by}`);
    const ex = at(ops, (o) => o.op === 'exit' && o.actor === z);
    const on = at(ops, (o) => o.op === 'subreaper' && o.actor === q && o.value === true);
    const off = at(ops, (o) => o.op === 'subreaper' && o.actor === q && o.value === false);
    t.true(on >= 0 && on < ex && ex < off, `${q} is a subreaper only around ${z}'s exit`);
  });
  test(`seed ${seed} plans through planImage`, (t) => {
    mustPlan(t, seed);
    t.pass();
  });
}

test('seed 54345: zombie 22 forks 38 and exits before 18 becomes a subreaper; 38 goes to 17, a subreaper only then', (t) => {
  const { ops } = mustPlan(t, 54345, { moves: false, initStop: false, bornCreators: true, tempOpen: true });
  t.is(ops[at(ops, (o) => o.op === 'clone' && o.child === 't38')]?.actor, 't22');
  const ex = at(ops, (o) => o.op === 'exit' && o.actor === 't22');
  const on17 = at(ops, (o) => o.op === 'subreaper' && o.actor === 't17' && o.value === true);
  const off17 = at(ops, (o) => o.op === 'subreaper' && o.actor === 't17' && o.value === false);
  const on18 = at(ops, (o) => o.op === 'subreaper' && o.actor === 't18' && o.value === true);
  t.true(on17 >= 0 && on17 < ex && ex < off17, '17 is a subreaper only around 22\'s exit');
  t.true(ex < on18, '18 sets its flag after 22\'s exit');
});

test('seed 54345 plans through planImage', (t) => {
  mustPlan(t, 54345);
  t.pass();
});
