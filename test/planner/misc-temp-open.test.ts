/**
 * planner/misc-temp-open.ts (variant tempOpen, with bornCreators): a temporary subreaper whose
 * zombie lies past the session's first eight, is decided in the same component, or is itself a
 * subreaper above a child that stops its own orphans.
 * - seed 71047: zombie 72 (session 6, child of 3) forks 43 and exits; 43 goes to 2, a subreaper
 *   only around that exit (72 is the session's ninth zombie and undecided when 43 is).
 * - seed 88654: session leader 12, a zombie and a subreaper, forks init 35 and exits; 35 goes to 2.
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
