/**
 * Re-plan variant execMmRelays (planner/variants/exec-mm-relay.ts): an execve'd process born with
 * CLONE_VM from its creator forks, before its execve, the child that keeps that mm (FORK-2,
 * FORK-4). Seeds of the vmForks generator (npm run soak -- planner --vm-forks).
 */
import test from 'ava';
import type { Plan } from '../../planner/plan.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';

const V = { moves: false, initStop: false, execMmRelays: true } as const;
const vmImage = (seed: number) => generateHistory(seed, { vmForks: true }).image;
type Op = Plan['ops'][number] & { actor?: string; child?: string; flags?: string[] };
const ops = (p: Plan) => p.ops as Op[];
const cloneAt = (p: Plan, actor: string, child: string) => ops(p).findIndex((o) => o.op === 'clone' && o.actor === actor && o.child === child);
const execAt = (p: Plan, actor: string) => ops(p).findIndex((o) => o.op === 'execve' && o.actor === actor);

/** [seed, creator C, execve'd relay P, child X keeping C's mm, the variant's attempt] */
const CASES: [number, number, number, number, Partial<Variant>][] = [
  [11, 4, 6, 8, V], // P a pid-ns init, forked with CLONE_VM|CLONE_NEWPID
  [19, 15, 22, 29, V],
  [27, 17, 19, 54, V],
  [182, 23, 33, 53, V], // P an init forked with CLONE_VM|CLONE_NEWUSER|CLONE_NEWPID
  [61, 9, 26, 60, { ...V, vmTimeBirths: true }], // C a dead leader, its threads' mm
];

for (const [seed, c, p, x, v] of CASES) {
  test(`vm seed ${seed}: ${p} is forked by ${c} with CLONE_VM and forks ${x} with CLONE_VM before its execve`, (t) => {
    const img = vmImage(seed);
    const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
    t.true(task(p).execed === true, `${p} execve'd`);
    t.not(task(p).mm, task(x).mm);
    const out = planWithVariant(img, v);
    t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
    if (out.kind !== 'plan') return;
    t.true(out.plan.summary.verified);
    const pl = out.plan;
    const bornP = cloneAt(pl, `t${c}`, `t${p}`);
    const bornX = cloneAt(pl, `t${p}`, `t${x}`);
    t.true(bornP >= 0 && ops(pl)[bornP].flags!.includes('CLONE_VM'), `${c} forks ${p} with CLONE_VM`);
    t.true(bornX >= 0 && ops(pl)[bornX].flags!.includes('CLONE_VM'), `${p} forks ${x} with CLONE_VM`);
    t.true(bornP < bornX && bornX < execAt(pl, `t${p}`), `${x} is forked before ${p}'s execve`);
  });
}

test('without the flag the same attempts stay undecided on FORK-4 for the mm; planImage gains them (vm seeds 11, 61)', (t) => {
  for (const [seed, c, , x, v] of [CASES[0], CASES[4]]) {
    const img = vmImage(seed);
    const out = planWithVariant(img, { ...v, execMmRelays: undefined });
    t.is(out.kind, 'undecided', `seed ${seed}`);
    t.regex(out.kind === 'undecided' ? out.reason : '', new RegExp(`tasks ${c}, ${x} share mm .*\\(FORK-4\\)`));
    const all = planImage(img);
    t.is(all.kind, 'plan', `seed ${seed}`);
    t.true(all.kind === 'plan' && all.plan.summary.verified);
  }
});
