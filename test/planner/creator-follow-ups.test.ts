/**
 * planner/variants/creator-follow-ups.ts (re-plan variant creatorFollowUps): after a first answer naming a
 * member no task of its session can create (SID-2), the extended constructions find it a creator
 * and stop on an obstacle of their own; the construction that obstacle's answer asks for (a
 * maker's deep joins, a join helper, a restorer's child's sibling, a pfc helper), gated on first
 * answers only, is tried with them. Each seed below: first attempt and base attempt undecided, the
 * follow-up plans it (verified), and planImage plans it.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';
import { NO_SESSION_CREATOR } from '../../planner/variants/one-step-lift.js';
import { followUpsFor } from '../../planner/variants/creator-follow-ups.js';
import { mustPlan } from './seeded.js';

const EXT = { extended: true } as const;
const EXT_BORN = { extended: true, bornCreators: true } as const;

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const cloneAt = (ops: Op[], actor: string, child: string) => at(ops, (o) => o.op === 'clone' && o.actor === actor && o.child === child);
const setsidAt = (ops: Op[], actor: string) => at(ops, (o) => o.op === 'setsid' && o.actor === actor);
const flagsOf = (o: Op | undefined): string[] => (o && o.op === 'clone' ? o.flags : []);

function reason(seed: number, v: Partial<Variant>): string {
  const out = planWithVariant(generateHistory(seed).image, v);
  return out.kind === 'undecided' ? out.reason : out.kind;
}

/** the first attempt names the member's missing creator; the base stops elsewhere, on what asks for `follow` */
function undecidedWithout(t: ExecutionContext, seed: number, base: Partial<Variant>, follow: Partial<Variant>): void {
  t.regex(reason(seed, {}), NO_SESSION_CREATOR, 'the first attempt finds no creator in the session');
  const r = reason(seed, base);
  t.false(NO_SESSION_CREATOR.test(r), 'the base variant finds it one');
  t.false(r === 'plan' || r.startsWith('planner bug'), `the base variant alone is undecided: ${r.slice(0, 120)}`);
  t.deepEqual(followUpsFor(r).filter((f) => JSON.stringify(f) === JSON.stringify(follow)), [follow], 'its answer asks for the follow-up');
}

// Seed 19659: init 10 of pid:3 (user:2) must be born in session 3 with parent 5; the extended
// constructions fork it from a maker of 5, but its children 17, 31... need cgroup:2, owned by
// user:0, which they can only inherit through 10 (SETNS-7). The maker joins it for 10.
test('seed 19659: the maker of 10 joins cgroup:2 while privileged, before forking 10', (t) => {
  undecidedWithout(t, 19659, EXT, { deepMakerNeeds: true });
  const ops = mustPlan(t, 19659, { ...EXT, deepMakerNeeds: true }).ops;
  const birth = at(ops, (o) => o.op === 'clone' && o.child === 't10');
  const maker = birth >= 0 ? ops[birth].actor : '';
  t.true(maker.startsWith('h') && flagsOf(ops[birth]).includes('CLONE_NEWUSER'), 'a maker forks 10 into user:2');
  const joins = at(ops, (o) => o.op === 'setns' && o.actor === maker && o.file === 'cgroup');
  t.true(joins >= 0 && joins < birth, 'the maker joins cgroup:2 before it forks 10');
  t.is(planImage(generateHistory(19659).image).kind, 'plan');
});

// Seed 10232: 74, a child of init 4 born in user:1, needs uts:1, net:1, cgroup:1 owned by user:0
// (SETNS-7): a helper joins them, enters user:1 and forks it, exiting so it reparents to 4 (EXIT-2).
test('seed 10232: a join helper forks 74 for init 4 and exits', (t) => {
  undecidedWithout(t, 10232, EXT, { initJoinHelpers: true });
  const ops = mustPlan(t, 10232, { ...EXT, initJoinHelpers: true }).ops;
  const birth = at(ops, (o) => o.op === 'clone' && o.child === 't74');
  const helper = birth >= 0 ? ops[birth].actor : '';
  t.true(helper.startsWith('ijh'), 'a join helper forks 74');
  t.true(at(ops, (o) => o.op === 'setns' && o.actor === helper && o.file === 'uts') < birth, 'it joins uts:1 first');
  t.true(at(ops, (o) => o.op === 'exit' && o.actor === helper) > birth, 'then exits');
  t.is(planImage(generateHistory(10232).image).kind, 'plan');
});

// Seed 83823: 10 forks 13 with CLONE_FILES in session 2, then calls setsid: 10's creator 7 is born
// in session 2 through a sibling of the restorer's child (FORK-3, FORK-4).
test('seed 83823: 10 forks 13 with CLONE_FILES before its setsid', (t) => {
  undecidedWithout(t, 83823, EXT, { rootSiblingBirths: true });
  const ops = mustPlan(t, 83823, { ...EXT, rootSiblingBirths: true }).ops;
  const c13 = cloneAt(ops, 't10', 't13');
  t.true(c13 >= 0 && flagsOf(ops[c13]).includes('CLONE_FILES'), '10 forks 13 sharing its fd table');
  t.true(c13 < setsidAt(ops, 't10'), 'while still in session 2');
  t.is(planImage(generateHistory(83823).image).kind, 'plan');
});

// Seed 61365: 24 forks 47 with CLONE_FS in session 45, then calls setsid.
test('seed 61365: 24 forks 47 with CLONE_FS before its setsid', (t) => {
  undecidedWithout(t, 61365, EXT_BORN, { rootSiblingBirths: true });
  const ops = mustPlan(t, 61365, { ...EXT_BORN, rootSiblingBirths: true }).ops;
  const c47 = cloneAt(ops, 't24', 't47');
  t.true(c47 >= 0 && flagsOf(ops[c47]).includes('CLONE_FS'), '24 forks 47 sharing its fs_struct');
  t.true(c47 < setsidAt(ops, 't24'), 'while still in session 45');
  t.is(planImage(generateHistory(61365).image).kind, 'plan');
});

// Seed 66234: the extended attempt stops on an ordering cycle; 8 keeps its pid_for_children and a
// helper of it forks 73 into pid:5 with CLONE_PARENT (FORK-3, SETNS-5).
test('seed 66234: a pfc helper of 8 forks 73 with CLONE_PARENT', (t) => {
  undecidedWithout(t, 66234, EXT, { pfcHelpers: true });
  const ops = mustPlan(t, 66234, { ...EXT, pfcHelpers: true }).ops;
  const birth = at(ops, (o) => o.op === 'clone' && o.child === 't73');
  const helper = birth >= 0 ? ops[birth].actor : '';
  t.true(helper.startsWith('h') && flagsOf(ops[birth]).includes('CLONE_PARENT'), 'a helper forks 73 with CLONE_PARENT');
  t.true(cloneAt(ops, 't8', helper) >= 0, 'the helper is 8\'s child');
  t.is(planImage(generateHistory(66234).image).kind, 'plan');
});

// Seed 35305: 42 forked 309 with CLONE_FILES, 309 called setsid, forked 41 with CLONE_FILES and
// died; 41 reparented to subreaper 11. Session 309's ghost is forked by 42 sharing its fd table
// and forks 41 with it (share-ghosts.ts; FORK-4, SID-2, EXIT-2).
test('seed 35305: session 309\'s ghost, forked by 42 with CLONE_FILES, forks 41 with CLONE_FILES', (t) => {
  const SH = { shares: true, zombieShares: true, lateZombies: true } as const;
  undecidedWithout(t, 35305, EXT, SH);
  const ops = mustPlan(t, 35305, { ...EXT, ...SH }).ops;
  const ghost = at(ops, (o) => o.op === 'clone' && o.actor === 't42' && (o.setTid ?? [])[0] === 309);
  const name = ghost >= 0 && ops[ghost].op === 'clone' ? (ops[ghost] as { child: string }).child : '';
  t.true(ghost >= 0 && flagsOf(ops[ghost]).includes('CLONE_FILES'), '42 forks the ghost with pid 309 sharing its fd table');
  const s309 = setsidAt(ops, name);
  const c41 = cloneAt(ops, name, 't41');
  t.true(ghost < s309 && s309 < c41 && flagsOf(ops[c41]).includes('CLONE_FILES'), 'the ghost takes session 309, then forks 41 sharing the table');
  t.is(planImage(generateHistory(35305).image).kind, 'plan');
});

test('followUpsFor: nothing for a planner bug or an unrelated answer', (t) => {
  t.deepEqual(followUpsFor('planner bug: op 3 failed (FORK-4)'), []);
  t.deepEqual(followUpsFor('group 9 has no number in 4\'s pid namespace (PGID-2)'), []);
});
