/**
 * planner/variants/group-split-ns.ts (re-plan variant splitGroupNs): a dead leader's group whose
 * members live in two pid namespaces of the leader's level is seen from one of them only; a
 * member in the other inherits it at birth from a creator in it (PGID-2, PID-3, PID-4).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { buildFacts } from '../../planner/facts/facts.js';
import { anySplitGroup } from '../../planner/variants/group-split-ns.js';
import { withDeadLeaderNamespaces } from '../../planner/facts/dead-leaders.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const VARIANT = { splitGroupNs: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 96160: group 4 ([4, 2]) lost its leader; its members at level 1 live in pid:1 and in
// pid:6, whose init 29 was forked with CLONE_NEWPID by zombie 6 after 6 joined group 4 (the
// history). The first attempt had 29 created by the session's leader 2 with CLONE_PARENT and
// join group 4 itself, which pid:6 cannot see. With the variant, 6 joins group 4 (from pid:0,
// where it sees it), forks 29 there, and its exit at the end hands 29 to the restorer.
test('seed 96160: zombie 6 joins group 4, then forks init 29 into it', (t) => {
  const ops = mustPlan(t, 96160, VARIANT).ops;
  const join = at(ops, (o) => o.op === 'setpgid' && o.actor === 't6' && o.pgid === 4);
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't6' && o.child === 't29');
  const exit = at(ops, (o) => o.op === 'exit' && o.actor === 't6');
  t.true(join >= 0 && join < fork && fork < exit, '6 joins group 4, forks 29, and exits later');
  t.false(ops.some((o) => o.op === 'setpgid' && o.actor === 't29'), '29 never joins a group itself');
});

test('seed 96160: planned by planImage, undecided without the variant', (t) => {
  mustPlan(t, 96160);
  const out = planWithVariant(generateHistory(96160).image, {});
  t.is(out.kind, 'undecided');
});

// Seeds 27944, 52628, 60298: the same shape (a pid-ns init, or a member of a later pid ns of the
// group's level, forked by a zombie of the group).
for (const seed of [27944, 52628, 60298]) {
  test(`seed ${seed}: planned by the variant alone`, (t) => {
    mustPlan(t, seed, VARIANT);
  });
}

// Seed 84241: group 32 ([32, 50, 38, 27], leader gone) has members in two pid namespaces of
// level 3; its leader's is taken as pid:13, and 57, in pid:2 (not above pid:13), must inherit the
// group at birth (its creator 32, gone, had it); session 7's member 8 then needs the extended
// constructions (a one-step lift), which VARIANTS pairs the split with.
test('seed 84241: planned by the variant with the extended constructions, and by planImage', (t) => {
  mustPlan(t, 84241, { ...VARIANT, extended: true });
  mustPlan(t, 84241);
});

test('the variant is offered only where a dead leader\'s group spans pid namespaces of its level', (t) => {
  const facts = (seed: number) => buildFacts(withDeadLeaderNamespaces(generateHistory(seed).image));
  t.true(anySplitGroup(facts(96160)));
  t.false(anySplitGroup(facts(1)));
});
