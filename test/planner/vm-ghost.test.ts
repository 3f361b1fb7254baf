/**
 * Re-plan variant vmGhosts (planner/variants/vm-ghost.ts): a session's ghost forked with CLONE_VM
 * by the holder of the mm its member keeps, which it forks with CLONE_VM (FORK-4, SID-2, EXIT-2).
 * vm seed 155: 10 (init of its pid ns) forked a child with CLONE_VM that made session 46, forked
 * 89 with CLONE_VM and died; 89 shares mm:4 with 10.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const V = { moves: false, initStop: false, vmGhosts: true } as const;
const image = () => generateHistory(155, { vmForks: true }).image;

test('vm seed 155: session 46\'s ghost is forked by 10 with CLONE_VM and forks 89 with CLONE_VM', (t) => {
  const img = image();
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(89).mm, task(10).mm);
  t.is(task(89).sid[0], 46);
  t.falsy(img.tasks.find((y) => y.pid[0] === 46));
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ghost = out.plan.helpers.find((h) => h.role === 'session-ghost' && h.pid?.[0] === 46);
  t.truthy(ghost);
  const ops = out.plan.ops;
  const born = ops.findIndex((o) => o.op === 'clone' && o.actor === 't10' && o.child === ghost!.name);
  const forks = ops.findIndex((o) => o.op === 'clone' && o.actor === ghost!.name && o.child === 't89');
  t.true(born >= 0 && ops[born].op === 'clone' && ops[born].flags.includes('CLONE_VM'), 'the ghost shares 10\'s mm');
  t.true(forks > born && ops[forks].op === 'clone' && ops[forks].flags.includes('CLONE_VM'), 'and passes it on to 89');
  t.true(born < ops.findIndex((o) => o.op === 'setsid' && o.actor === ghost!.name));
});

test('without the flag the same attempt stays undecided on FORK-4 for mm:4; planImage gains vm seed 155', (t) => {
  const img = image();
  const out = planWithVariant(img, { moves: false, initStop: false });
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /tasks 10, 89 share mm mm:4.*\(FORK-4\)/);
  mustPlanImage(t, img);
});
