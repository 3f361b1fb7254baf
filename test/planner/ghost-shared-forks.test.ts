/**
 * Re-plan variant ghostSharedForks (planner/variants/ghost-shared-forks.ts, SHR_VARIANTS with
 * shares): a dead leader's group ghost also forks, with CLONE_FS, the sibling sharing its
 * member's fs_struct, as their first holder, making their user and mount ns first (FORK-4,
 * EXIT-2, FORK-0, SETNS-3, SETNS-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, ghostSharedForks: true } as const;

test('seed 34916: group 7\'s ghost forks 20 (init of pid:4) and 37 with CLONE_FS, then exits', (t) => {
  const p = mustPlan(t, 34916, V);
  const c20 = cloneOf(p.ops, 't20');
  const c37 = cloneOf(p.ops, 't37');
  t.truthy(c20 && c37);
  t.is(c37!.actor, c20!.actor, 'one ghost forks both');
  t.true(c20!.actor.startsWith('h'));
  t.true(c20!.flags.includes('CLONE_FS') && c37!.flags.includes('CLONE_FS'));
  const ghost = c20!.actor;
  const mk = p.ops.findIndex((o) => o.op === 'unshare' && o.actor === ghost && o.flags.includes('CLONE_NEWNS'));
  const exit = p.ops.findIndex((o) => o.op === 'exit' && o.actor === ghost);
  t.true(mk >= 0 && mk < p.ops.indexOf(c20!), 'the ghost makes mnt:3 before its CLONE_FS forks');
  t.true(exit > p.ops.indexOf(c37!), 'and exits after them, so both reparent to 5');
  t.is(p.helpers.find((h) => h.name === ghost)?.role, 'group-ghost');
});

test('planImage gains seed 34916 (a verified plan)', (t) => {
  mustPlan(t, 34916);
});

test('without the flag seed 34916 stays undecided on FORK-4 (first attempt and shares)', (t) => {
  const img = generateHistory(34916).image;
  for (const v of [{ moves: false, initStop: false, shares: true }, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /FORK-4/);
  }
});
