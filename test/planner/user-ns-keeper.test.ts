/**
 * planner/variants/user-ns-keeper.ts (re-plan variant userKeepers): a user ns whose last member leaves it
 * (switch or exit) before other tasks enter it is kept open by a holder forked by the restorer;
 * a helper makes a bare user ns with no member on its way down (NSFD-1, SETNS-4, UNSH-3).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const V = { userKeepers: true as const };
const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);
const first = (seed: number): string => {
  const out = planWithVariant(generateHistory(seed).image, {});
  return out.kind === 'undecided' ? out.reason : out.kind;
};
const userJoin = (ops: Op[], actor: string): Op | undefined => ops.find((o) => o.op === 'setns' && o.actor === actor && o.file === 'user');

// [seed, user ns, the tasks that enter it through the holder]
const HELD: [number, string, string[]][] = [
  // maker h4 exits and init 14 moves below user:3 before 27, 37, 52 and 73 enter it
  [58773, 'user:3', ['t27', 't37', 't52', 't73']],
  // init 4 passes through user:6 on its way to user:1 after its last member left it
  [98203, 'user:6', ['t4']],
];

for (const [seed, u, members] of HELD) {
  test(`seed ${seed}: a holder keeps ${u} open for ${members.join(', ')}`, (t) => {
    t.regex(first(seed), new RegExp(`^user namespace ${u} has no live member whose ns files`));
    const ops = mustPlan(t, seed, V).ops;
    const holder = `userholder-${u.replace(':', '')}`;
    const born = at(ops, (o) => o.op === 'clone' && o.child === holder);
    t.true(born >= 0 && (ops[born] as { actor: string }).actor === 'root', 'the restorer forks the holder');
    t.truthy(userJoin(ops, holder), 'the holder enters the user ns');
    for (const m of members) t.is((userJoin(ops, m) as { target?: string } | undefined)?.target, holder, `${m} enters it through the holder`);
    t.true(at(ops, (o) => o.op === 'exit' && o.actor === holder) > born, 'the holder exits at the end');
  });
}

// Seeds 38839 and 45718: 8 (41) makes user:1 at its switch, leaving user:7 (user:8) empty; the
// holder it leaves behind writes user:1's id maps from the parent (OWN-6).
for (const [seed, u, leaver] of [[38839, 'user:7', 't8'], [45718, 'user:8', 't41']] as const) {
  test(`seed ${seed}: the holder of ${u} writes user:1's id maps`, (t) => {
    t.regex(first(seed), new RegExp(`^nobody in user ns ${u} is alive to write user:1's id maps`));
    const ops = mustPlan(t, seed, V).ops;
    const holder = `userholder-${u.replace(':', '')}`;
    t.is((userJoin(ops, holder) as { target?: string } | undefined)?.target, leaver, `the holder enters ${u} through ${leaver}`);
    const w = at(ops, (o) => o.op === 'write-idmap' && o.actor === holder);
    t.true(w >= 0 && (ops[w] as { target: string }).target === leaver, `the holder writes the maps of ${leaver}'s user:1`);
    const made = ops[w - 1] as { op: string; actor?: string; flags?: string[] };
    t.true(made.op === 'unshare' && made.actor === leaver && made.flags!.includes('CLONE_NEWUSER'), `${leaver} has just made user:1`);
    t.true(at(ops, (o) => o.op === 'clone' && o.child === holder) < w - 1, 'the holder is forked before that unshare');
  });
}

// Seed 90887: session 4's ghost creates init 24 with CLONE_NEWUSER (user:3), whose parent user:9
// holds no task; the ghost makes user:9 on its way rather than look for a member to join.
test('seed 90887: the ghost makes bare user:9 on its way, then creates 24 with user:3', (t) => {
  t.regex(first(90887), /^user namespace user:9 has no live member whose ns files h2 may open/);
  const ops = mustPlan(t, 90887, V).ops;
  const c24 = at(ops, (o) => o.op === 'clone' && o.child === 't24');
  const ghost = (ops[c24] as { actor: string }).actor;
  const made = at(ops, (o) => o.op === 'unshare' && o.actor === ghost && o.flags.includes('CLONE_NEWUSER'));
  t.true(made >= 0 && made < c24, 'the ghost unshares user:9 before it creates 24');
  t.true((ops[c24] as { flags: string[] }).flags.includes('CLONE_NEWUSER'), '24 is born making user:3');
});
