/**
 * Re-plan variant helpersAfterSwitch (planner/variants/helper-after-switch.ts): a helper sharing its
 * creator's fs_struct that creates a pid-ns init sharing it is forked after its creator's switch
 * into the user ns owning that pid ns, and clones the init with CLONE_NEWPID from there (OWN-1,
 * FORK-4, FORK-9, SETNS-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, helpersAfterSwitch: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, pred: (o: Op) => boolean) => ops(p).findIndex(pred);

test('seed 73840: 35 enters user:1, forks session 22\'s ghost with CLONE_FS; the ghost clones init 74 with CLONE_FS|CLONE_NEWPID', (t) => {
  const p = mustPlan(t, 73840, V);
  const c74 = at(p, (o) => o.op === 'clone' && o.child === 't74');
  const g = ops(p)[c74].actor!;
  t.regex(g, /^h\d+$/);
  t.true(ops(p)[c74].flags!.includes('CLONE_FS') && ops(p)[c74].flags!.includes('CLONE_NEWPID'));
  const cg = at(p, (o) => o.op === 'clone' && o.child === g);
  t.is(ops(p)[cg].actor, 't35');
  t.true(ops(p)[cg].flags!.includes('CLONE_FS'));
  const sw = at(p, (o) => o.op === 'setns' && o.actor === 't35' && o.file === 'user');
  t.true(sw >= 0 && sw < cg, '35 switches into user:1 before forking the ghost');
  t.true(at(p, (o) => o.op === 'setsid' && o.actor === g) < c74, 'the ghost takes session 22 first');
});

test('planImage gains seed 73840 (verified plan)', (t) => {
  mustPlan(t, 73840);
});

test('without the flag the shares attempt names OWN-1, the first attempt FORK-4 (seed 73840)', (t) => {
  const img = generateHistory(73840).image;
  const a = planWithVariant(img, { moves: false, initStop: false, shares: true });
  t.is(a.kind, 'undecided');
  t.regex(a.kind === 'undecided' ? a.reason : '', /no helper can stand between them \(OWN-1\)$/);
  const b = planWithVariant(img, { moves: false, initStop: false });
  t.is(b.kind, 'undecided');
  t.regex(b.kind === 'undecided' ? b.reason : '', /FORK-4/);
});
