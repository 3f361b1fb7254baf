/**
 * planner/variants/outer-init-first.ts (re-plan variant outerInits): the init of a pid ns whose creator
 * lives outside the parent pid ns is created after that parent ns's init, whose ns file its
 * creator opens to point pid_for_children there (SETNS-5, NSFD-1). Each seed's first attempt
 * stopped on "no live task in pid namespace ... whose ns files ... may open".
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const cloneOf = (ops: Op[], child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
const first = (seed: number): string => {
  const out = planWithVariant(generateHistory(seed).image, {});
  return out.kind === 'undecided' ? out.reason : out.kind;
};

// [seed, variant, pairs [parent ns's init, init below it created from outside]]
const CASES: [number, Record<string, true>, [string, string][]][] = [
  // init 84 of pid:15 below pid:1, created by 11's maker from the root pid ns: after 16, pid:1's init
  [13539, { outerInits: true }, [['t16', 't84']]],
  // init 43 of pid:9 below pid:4: after 125, pid:4's init
  [53959, { outerInits: true }, [['t125', 't43']]],
  // (with the time-ns makers first) inits 67 of pid:4 and 49 of pid:9 below pid:2: after 120, pid:2's init
  [53583, { outerInits: true, timeMakers: true }, [['t120', 't67'], ['t120', 't49']]],
];

for (const [seed, v, pairs] of CASES) {
  test(`seed ${seed}: each init below another pid ns is created after that ns's init`, (t) => {
    t.regex(first(seed), /^no live task in pid namespace \S+ whose ns files t\d+ may open/);
    const ops = mustPlan(t, seed, v).ops;
    for (const [up, init] of pairs) {
      const a = cloneOf(ops, up);
      t.true(a >= 0 && a < cloneOf(ops, init), `${up} is created before ${init}`);
    }
  });
}
