/**
 * Generated seeds that were undecided at emission with "X must enter <type> ns N but its
 * credentials are in user ns U, which has no rights over N's owner" (SETNS-7): each now planned
 * and verified on the simulated kernel, by its re-plan variant and by planImage; each test asserts
 * how the namespace is inherited instead of joined.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const unshares = (o: Op, actor: string, flag: string): boolean => o.op === 'unshare' && o.actor === actor && o.flags.includes(flag as never);
const joins = (o: Op, actor: string, file: string): boolean => o.op === 'setns' && o.actor === actor && o.file === file;

// A member whose reparent helper's carrier descends from a task that had left the namespace the
// member keeps: again without that carrier (emit-choices.ts, variant emitChoices). Seed 11156:
// t15 keeps the host's uts:1 from 5; the helper of carrier 50 (below 7's unshare of uts:2) is
// banned, and 5 forks 15 itself before its setsid.
test('seed 11156 (variant emitChoices): 5 forks 15 before its setsid, in uts:1, with no join', (t) => {
  const plan = mustPlan(t, 11156, { emitChoices: true });
  const c = cloneOf(plan.ops, 't15');
  t.is(c?.actor, 't5');
  const sid = at(plan.ops, (o) => o.op === 'setsid' && o.actor === 't5');
  t.true(sid > plan.ops.indexOf(c!), 'forked before 5 leaves session 2');
  t.is(at(plan.ops, (o) => joins(o, 't15', 'uts')), -1, 'never joins a uts ns it has no rights over');
  mustPlan(t, 11156);
});

// The maker of a pid-ns init is forked by the init's creator and only inherits a namespace owned
// outside the creator's user ns: the creator is born with it and forks the maker before it makes
// its own namespace of that type (maker-kids.ts, variant makerKids).
for (const [seed, creator, init, flag, file] of [
  [11236, 't64', 't79', 'CLONE_NEWUTS', 'uts'],
  [21164, 't36', 't69', 'CLONE_NEWIPC', 'ipc'],
  [13766, 't27', 't37', 'CLONE_NEWUTS', 'uts'],
] as const) {
  test(`seed ${seed} (variant makerKids): ${creator} forks the maker of ${init} before it unshares its own ${file} ns`, (t) => {
    const plan = mustPlan(t, seed, { makerKids: true });
    const c = cloneOf(plan.ops, init)!;
    t.truthy(c);
    const maker = cloneOf(plan.ops, c.actor);
    t.is(maker?.actor, creator, 'the maker is forked by the creator');
    const un = at(plan.ops, (o) => unshares(o, creator, flag));
    t.true(un > plan.ops.indexOf(maker!), 'before the creator leaves the namespace');
    t.is(at(plan.ops, (o) => joins(o, c.actor, file)), -1, 'the maker inherits it');
    mustPlan(t, seed);
  });
}

// Seed 13766: 27 is born in user:1 and cannot join the host's uts:0 either: its creator 13 forks
// it before 13's unshare of uts:1 (birth-needs.ts, the need passed up).
test('seed 13766 (variant makerKids): 13 forks 27 before it unshares uts:1', (t) => {
  const plan = mustPlan(t, 13766, { makerKids: true });
  const c = cloneOf(plan.ops, 't27')!;
  t.is(c.actor, 't13');
  t.true(at(plan.ops, (o) => unshares(o, 't13', 'CLONE_NEWUTS')) > plan.ops.indexOf(c));
});

// A child forked into a new user ns of its own before its creator's switch keeps a namespace
// owned outside it that the creator joins for it first, before making its own (new-user-interim.ts,
// variant newUserInterim with splitJoins). Seed 18397: 5 joins net:1, forks 7 into user:2, and
// unshares net:0 later.
test('seed 18397 (variant newUserInterim): 5 joins net:1, forks 7, then makes net:0', (t) => {
  const plan = mustPlan(t, 18397, { newUserInterim: true, splitJoins: true });
  const j = at(plan.ops, (o) => joins(o, 't5', 'net'));
  const c = cloneOf(plan.ops, 't7')!;
  t.is(c.actor, 't5');
  t.true(c.flags.includes('CLONE_NEWUSER'));
  const un = at(plan.ops, (o) => unshares(o, 't5', 'CLONE_NEWNET'));
  t.true(j >= 0 && j < plan.ops.indexOf(c) && un > plan.ops.indexOf(c), 'join, fork, then make');
  t.is(at(plan.ops, (o) => joins(o, 't7', 'net')), -1, '7 inherits net:1');
  mustPlan(t, 18397);
});
