/**
 * planner/ordering/holder-owner.ts (re-plan variant holderOwners): a user ns U whose making by a member at
 * its own switch closed an ordering cycle through a holder or a pid-ns maker entering U is made
 * by a holder instead, every member entering it with setns (OWN-1, UNSH-3, SETNS-4, NSFD-1).
 * Each seed's first attempt stopped on "M joins its namespaces -> M enters U (makes it) ->
 * holder/maker enters U -> ... -> M joins", and stays undecided without the variant.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const V = { holderOwners: true as const };
const CYCLE = 'the ordering constraints form a cycle';

/** index of a holder's unshare(CLONE_NEWUSER) that makes user ns u (-1 if none) */
const holderMakes = (ops: Op[], u: string): number =>
  at(ops, (o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER') && o.actor.startsWith('h') && (o.why ?? '').startsWith(`user ns ${u} `));

/** the first attempt's answer (no re-plan variant) */
function undecidedWithout(seed: number): string {
  const img = generateHistory(seed).image;
  const out = planWithVariant(img, {});
  return out.kind === 'undecided' ? out.reason : out.kind;
}

// Seed 41941: 9 joins mnt:3 before its switch into user:2, which it made itself, while mnt:3's
// holder (every member banned as its creator) entered user:2 after it. A holder now makes user:2
// first; 37 enters it and makes mnt:3 there; 9 and the others join mnt:3, then enter user:2.
test('seed 41941: a holder makes user:2, its members enter it with setns', (t) => {
  t.true(undecidedWithout(41941).startsWith(CYCLE), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 41941, V).ops;
  const made = holderMakes(ops, 'user:2');
  t.true(made >= 0, 'a holder makes user:2');
  const holder = made >= 0 ? (ops[made] as { actor: string }).actor : '';
  const enter37 = at(ops, (o) => o.op === 'setns' && o.actor === 't37' && o.file === 'user');
  t.true(made < enter37 && (ops[enter37] as { target?: string }).target === holder, '37 enters user:2 through the holder');
  t.false(ops.some((o) => o.op === 'unshare' && o.flags.includes('CLONE_NEWUSER') && o.actor.startsWith('t') && (o.why ?? '').includes('user:2 ')), 'no member makes user:2');
  t.is(planImage(generateHistory(41941).image).kind, 'plan', 'planImage plans it');
});

// Seed 80314: the maker of init 4 enters user:1, which 5 made at its switch after its joins,
// and 5 is a member of 4's pid ns (the init first). The holder of net:1 and time:1 makes user:1.
test('seed 80314: the holder of net:1 and time:1 makes user:1 before maker and members enter it', (t) => {
  t.true(undecidedWithout(80314).startsWith(CYCLE), 'the first attempt stops on the cycle');
  const ops = mustPlan(t, 80314, V).ops;
  const made = holderMakes(ops, 'user:1');
  t.true(made >= 0, 'a holder makes user:1');
  const holder = made >= 0 ? (ops[made] as { actor: string }).actor : '';
  const maker = at(ops, (o) => o.op === 'setns' && o.file === 'user' && o.actor.startsWith('h') && (o as { target?: string }).target === holder);
  const init = at(ops, (o) => o.op === 'clone' && o.child === 't4');
  const enter5 = at(ops, (o) => o.op === 'setns' && o.actor === 't5' && o.file === 'user');
  t.true(made < maker && maker < init, 'the maker enters user:1 after the holder made it, then forks 4');
  t.true(init < enter5 && (ops[enter5] as { target?: string }).target === holder, '5 enters user:1 through the holder');
});

// Seeds 37037 and 37453: a member sharing its fs_struct with an init's member joins the mount ns a
// holder makes inside the user ns the init's member makes at its switch.
for (const seed of [37037, 37453]) {
  test(`seed ${seed}: planned with holderOwners, undecided without`, (t) => {
    t.true(undecidedWithout(seed).startsWith(CYCLE), 'the first attempt stops on the cycle');
    mustPlan(t, seed, V);
  });
}

// Seed 57341 (with threadPfc): init 33, forked by thread 29 of 28 with CLONE_FS, was born making
// user:3, which 28 enters before creating thread 29 (SETNS-4). A holder makes user:3; 28 enters
// it, creates thread 29, which forks 33 with CLONE_FS|CLONE_NEWPID from inside user:3.
test('seed 57341: 28 enters the holder-made user:3, then its thread 29 forks init 33 with CLONE_FS', (t) => {
  t.true(undecidedWithout(57341).startsWith(CYCLE), 'the first attempt stops on the cycle');
  const img = generateHistory(57341).image;
  t.is(planWithVariant(img, { threadPfc: true }).kind, 'undecided', 'threadPfc alone leaves it undecided');
  const ops = mustPlan(t, 57341, { ...V, threadPfc: true }).ops;
  const made = holderMakes(ops, 'user:3');
  const enter = at(ops, (o) => o.op === 'setns' && o.actor === 't28' && o.file === 'user');
  const thread = at(ops, (o) => o.op === 'clone' && o.child === 't29');
  const init = at(ops, (o) => o.op === 'clone' && o.child === 't33' && o.actor === 't29');
  t.true(made >= 0 && made < enter && enter < thread && thread < init, 'holder makes user:3, 28 enters it, creates 29, 29 forks 33');
  const flags = (ops[init] as { flags: string[] }).flags;
  t.true(flags.includes('CLONE_FS') && flags.includes('CLONE_NEWPID'));
  t.is(planImage(img).kind, 'plan', 'planImage plans it');
});
