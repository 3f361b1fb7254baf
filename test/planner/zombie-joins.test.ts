/**
 * Variant zombieJoins (planner/graph/zombie-joins.ts): a zombie that moves into another user ns and only
 * then forks children joins, before its switch and with the rights of the user ns it is born in,
 * a namespace those children can only inherit (SETNS-7, FORK-7). Generated (reachable) images,
 * undecided without it.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; file?: string; flags?: string[] };

const cases = [
  // zombie 10 enters user:1 by setns, then forks 13 (uts:1, owned by the host user ns)
  { seed: 97089, zombie: 't10', slot: 'uts', child: 't13', switchOp: 'setns' },
  // zombie 4 unshares user:1, then forks 12 (ipc:2, owned by the host user ns)
  { seed: 48248, zombie: 't4', slot: 'ipc', child: 't12', switchOp: 'unshare' },
] as const;

for (const c of cases) {
  test(`seed ${c.seed} (zombieJoins): zombie ${c.zombie} joins its ${c.slot} ns before its user-ns switch, then forks ${c.child}`, (t) => {
    t.is(planWithVariant(generateHistory(c.seed).image, {}).kind, 'undecided');
    const ops = mustPlan(t, c.seed, { zombieJoins: true }).ops as unknown as Op[];
    const join = ops.findIndex((o) => o.op === 'setns' && o.actor === c.zombie && o.file === c.slot);
    const sw = ops.findIndex((o) => o.actor === c.zombie && (c.switchOp === 'setns' ? o.op === 'setns' && o.file === 'user' : o.op === 'unshare' && !!o.flags?.includes('CLONE_NEWUSER')));
    const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === c.zombie && o.child === c.child);
    t.true(join >= 0 && join < sw && sw < fork, `join ${join} < switch ${sw} < fork ${fork}`);
    // the child inherits the namespace: it never joins it itself
    t.false(ops.some((o) => o.op === 'setns' && o.actor === c.child && o.file === c.slot));
  });
}
