/**
 * Re-plan variant deadFirstHolderMnts (planner/variants/dead-first-holder-mnt.ts), with shares: a
 * dead leader first holder of the fs_struct its children share is planned in their mount ns: it
 * forks them with CLONE_FS there (a relay among them passing it on), and its thread makes its own
 * mount ns by unshare(CLONE_NEWNS) afterwards (FORK-4, UNSH-1, UNSH-2, UNSH-4, SETNS-3).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, deadFirstHolderMnts: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[]; file?: string };
const ops = (p: Plan) => p.ops as Op[];
const at = (p: Plan, f: (o: Op) => boolean) => ops(p).findIndex(f);

test('seed 44758: dead leader 12 forks 34 and 50 with CLONE_FS in mnt:3; 34 relays to 72; thread 18 unshares mnt:4 after', (t) => {
  const p = mustPlan(t, 44758, V);
  const mnt3 = at(p, (o) => o.op === 'setns' && o.actor === 't12' && o.file === 'mnt');
  const c34 = at(p, (o) => o.op === 'clone' && o.actor === 't12' && o.child === 't34');
  const c50 = at(p, (o) => o.op === 'clone' && o.actor === 't12' && o.child === 't50');
  const c72 = at(p, (o) => o.op === 'clone' && o.actor === 't34' && o.child === 't72');
  const copy34 = at(p, (o) => o.op === 'unshare' && o.actor === 't34' && (o.flags ?? []).includes('CLONE_FS'));
  const th = at(p, (o) => o.op === 'clone' && o.child === 't18');
  const mnt4 = at(p, (o) => o.op === 'unshare' && o.actor === 't18' && (o.flags ?? []).includes('CLONE_NEWNS'));
  t.true(mnt3 >= 0 && mnt3 < c34 && mnt3 < c50, '12 is in mnt:3 before it shares its fs_struct');
  for (const c of [c34, c50, c72]) t.true(c >= 0 && ops(p)[c].flags?.includes('CLONE_FS'));
  t.true(c72 < copy34, '34 forks 72 before its own copy');
  t.false(ops(p)[th].flags?.includes('CLONE_FS'), 'thread 18 takes a copy at clone');
  t.true(mnt4 > c34 && mnt4 > c50 && mnt4 > th, 'the thread makes mnt:4 after the CLONE_FS forks');
  t.false(ops(p).some((o) => o.actor === 't12' && o.op === 'unshare' && (o.flags ?? []).includes('CLONE_NEWNS')), '12 makes no mount ns');
});

test('planImage gains seed 44758 (verified plan)', (t) => {
  mustPlan(t, 44758);
});

test('without deadFirstHolderMnts seed 44758 stays undecided on FORK-4', (t) => {
  const out = planWithVariant(generateHistory(44758).image, { moves: false, initStop: false, shares: true });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /tasks 50, 72 share fs fs:33, .* \(FORK-4\)/);
});

test('the variant changes nothing for an image without such a dead leader', (t) => {
  const out = planWithVariant(generateHistory(20182).image, V);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /variant deadFirstHolderMnts changed nothing/);
});
