/**
 * Generated (reachable) images formerly undecided for want of user-ns rights (SETNS-7, NSFD-1):
 * - variant zombieKids (planner/graph/zombie-kids.ts): a maker-made init forks a zombie whose child
 *   needs a namespace the init held at birth and left; the init forks the zombie before it
 *   makes its own namespace of that type;
 * - variant userHolders (planner/output/user-holder.ts): a bare user ns (no task, owns nothing) with two
 *   child user namespaces is made by a holder forked by the restorer, which stays in it so both
 *   actors passing through can join it, and exits at the end, reaped by the restorer.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; file?: string; target?: string; flags?: string[] };

test('seed 96081 (zombieKids): init 14 forks zombie 21 before making uts:2, so 21 forks 41 with uts:1, which 41 cannot join from user:1', (t) => {
  t.is(planWithVariant(generateHistory(96081).image, {}).kind, 'undecided');
  const ops = mustPlan(t, 96081, { zombieKids: true }).ops as unknown as Op[];
  const fork21 = ops.findIndex((o) => o.op === 'clone' && o.actor === 't14' && o.child === 't21');
  const uts14 = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't14' && o.flags?.includes('CLONE_NEWUTS'));
  const fork41 = ops.findIndex((o) => o.op === 'clone' && o.actor === 't21' && o.child === 't41');
  t.true(fork21 >= 0 && fork21 < uts14 && fork41 > fork21);
});

for (const [seed, u] of [[11162, 'user:12'], [24634, 'user:8']] as const) {
  test(`seed ${seed} (userHolders): bare ${u} is made by a restorer-forked holder, joined through it twice, released at the end`, (t) => {
    t.is(planWithVariant(generateHistory(seed).image, {}).kind, 'undecided');
    const ops = mustPlan(t, seed, { userHolders: true }).ops as unknown as Op[];
    const name = `userholder-${u.replace(':', '')}`;
    const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 'root' && o.child === name);
    t.true(fork >= 0);
    t.is(ops[fork + 1].op, 'unshare');
    t.deepEqual(ops[fork + 1].flags, ['CLONE_NEWUSER']);
    const joins = ops.filter((o) => o.op === 'setns' && o.file === 'user' && o.target === name);
    t.true(joins.length >= 2, 'two actors pass through it');
    const exit = ops.findIndex((o) => o.op === 'exit' && o.actor === name);
    t.true(exit > ops.lastIndexOf(joins[joins.length - 1]));
    t.is(ops[exit + 1].op, 'wait');
    t.is(ops[exit + 1].actor, 'root');
  });
}

for (const [seed, creator, cloneParent] of [[63470, 't10', false], [68824, 't20', true]] as const) {
  test(`seed ${seed} (pfcEmitHelpers): ${creator} keeps its pid_for_children; a helper it forks${cloneParent ? ' with CLONE_PARENT' : ''} sets its own and forks the child with CLONE_PARENT`, (t) => {
    t.is(planWithVariant(generateHistory(seed).image, {}).kind, 'undecided');
    const plan = mustPlan(t, seed, { pfcEmitHelpers: true });
    const ops = plan.ops as unknown as Op[];
    const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === creator && /^pfch\d+$/.test(o.child ?? ''));
    t.true(fork >= 0);
    const h = ops[fork].child!;
    t.is(ops[fork].flags?.includes('CLONE_PARENT'), cloneParent);
    t.true(plan.helpers.some((x) => x.name === h));
    // the creator never points its own pid_for_children elsewhere; the helper does, then forks with CLONE_PARENT, exits and is reaped
    t.false(ops.some((o) => o.op === 'setns' && o.actor === creator && o.file === 'pid'));
    const rest = ops.slice(fork + 1).filter((o) => o.actor === h);
    t.is(rest[0].op, 'setns');
    t.true(rest.some((o) => o.op === 'clone' && o.flags?.includes('CLONE_PARENT')));
    t.is(rest[rest.length - 1].op, 'exit');
    t.true(ops.slice(fork).some((o) => o.op === 'wait'));
  });
}
