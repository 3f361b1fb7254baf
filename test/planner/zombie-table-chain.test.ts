/**
 * Re-plan variant zombieTableChains (planner/variants/zombie-table-chain.ts): two zombies stand for
 * one fd table; the first forks a live sharer before its setsid and the second with CLONE_FILES, the
 * second forks the execve'd creator of the other sharer (FORK-4, SID-2, EXIT-2, EXIT-4).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const BASE = { moves: false, initStop: false, shares: true } as const;
const V = { ...BASE, zombieTableChains: true } as const;

type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const opAt = (p: Plan, op: string, actor: string) => ops(p).findIndex((o) => o.op === op && o.actor === actor);

test('seed 53174: zombie 4 forks 5 in session 2 and zombie 6 with CLONE_FILES; 6 forks 32, which forks 34 with CLONE_FILES before its execve', (t) => {
  const img = generateHistory(53174).image;
  for (const z of [4, 6]) t.is(img.tasks.find((x) => x.pid[0] === z)!.state, 'zombie');
  t.is(img.tasks.find((x) => x.pid[0] === 5)!.files, img.tasks.find((x) => x.pid[0] === 34)!.files);
  const p = mustPlan(t, 53174, V);
  const files = (i: number) => i >= 0 && ops(p)[i].flags?.includes('CLONE_FILES') === true;
  const c5 = cloneAt(p, 't4', 't5');
  const c6 = cloneAt(p, 't4', 't6');
  const c32 = cloneAt(p, 't6', 't32');
  const c34 = cloneAt(p, 't32', 't34');
  t.true(files(c5) && files(c6) && files(c32) && files(c34));
  t.true(c5 < opAt(p, 'setsid', 't4'), '4 forks 5 in session 2, before its own setsid');
  t.true(c6 < c32 && c32 < c34 && c34 < opAt(p, 'execve', 't32'), '32 forks 34 with the table it holds before its execve');
  t.true(opAt(p, 'exit', 't4') > c6 && opAt(p, 'exit', 't6') > c32, 'the zombies exit after their forks');
  // 6's CLONE_PARENT children are 4's until zombie 4 exits: the listing must not call the
  // restorer their parent at birth without saying so (emit.ts interimParentNote)
  const c14 = ops(p)[cloneAt(p, 't6', 't14')];
  t.true(c14.flags?.includes('CLONE_PARENT') === true);
  t.regex(c14.why ?? '', /born t4's child, it reaches its parent when t4 exits \(EXIT-2\)/);
});

test('planImage gains seed 53174 (verified plan)', (t) => {
  mustPlan(t, 53174);
});

test('without the flag the same attempt and the first attempt stay undecided on FORK-4 (seed 53174)', (t) => {
  const img = generateHistory(53174).image;
  for (const v of [BASE, { moves: false, initStop: false }] as const) {
    const out = planWithVariant(img, v);
    t.is(out.kind, 'undecided', JSON.stringify(v));
    t.regex(out.kind === 'undecided' ? out.reason : '', /files:0.*FORK-4/);
  }
});
