/**
 * Re-plan variant deadHolderRelays (planner/variants/dead-holder-relay.ts): a dead leader that
 * creates a zombie and a sharer of a table is its first holder; the zombie relays the table to
 * a sharer its exit hands to another parent, before a subreaper's flag (FORK-4, EXIT-2, EXIT-3).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, extended: true, shares: true, zombieShares: true, lateZombies: true } as const;
const V = { ...BASE, deadHolderRelays: true } as const;

type Op = Plan['ops'][number] & { actor?: string; value?: boolean };
const ops = (p: Plan) => p.ops as Op[];

test('seed 31084: zombie 4 forks 11 with CLONE_FILES and exits before dead leader 3 sets its subreaper flag; 12 keeps 3 as creator', (t) => {
  const img = generateHistory(31084).image;
  const byPid = (n: number) => img.tasks.find((x) => x.pid[0] === n)!;
  t.is(byPid(3).state, 'dead');
  t.is(byPid(4).state, 'zombie');
  t.is(byPid(11).ppid, 0);
  t.is(byPid(12).ppid, 3);
  t.is(byPid(11).files, byPid(12).files);
  const p = mustPlan(t, 31084, V);
  const c11 = cloneOf(p.ops, 't11')!;
  const c12 = cloneOf(p.ops, 't12')!;
  const c4 = cloneOf(p.ops, 't4')!;
  t.is(c11.actor, 't4');
  t.true(c11.flags.includes('CLONE_FILES'));
  t.is(c12.actor, 't3');
  t.true(c4.flags.includes('CLONE_FILES'), '4 is born sharing the table it passes on');
  const exit4 = ops(p).findIndex((o) => o.op === 'exit' && o.actor === 't4');
  const flag3 = ops(p).findIndex((o) => o.op === 'subreaper' && o.actor === 't3' && o.value === true);
  t.true(exit4 > p.ops.indexOf(c11) && flag3 > exit4, '4 exits after forking 11 and before 3 becomes a subreaper, so 11 goes to the restorer');
});

test('planImage gains seed 31084 (verified plan)', (t) => {
  mustPlan(t, 31084);
});

test('without the flag the same attempt stops on FORK-4 and the first attempt on SID-2 (seed 31084)', (t) => {
  const img = generateHistory(31084).image;
  const same = planWithVariant(img, BASE);
  t.is(same.kind, 'undecided');
  t.regex(same.kind === 'undecided' ? same.reason : '', /tasks 11, 12 share files files:4.*\(FORK-4\)/);
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /task 33 must be born in session 4 with parent 9.*\(SID-2\)/);
});
