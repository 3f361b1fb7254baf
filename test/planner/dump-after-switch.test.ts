/**
 * Re-plan variant `dumpable` (planner/variants/dump-after-switch.ts): generated states with credential
 * switches (generateHistory(seed, { setids: true })) that were undecided because a task that
 * entered a user ns its euid does not own became non-dumpable (commit_creds), so no peer inside
 * could open its ns files (NSFD-1.dumpable). With the variant each such task makes itself
 * dumpable again right after its switch (the `set-dumpable` op), and the plans verify.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import type { Op } from '../../executor/ops.js';

function verifiedOps(seed: number): Op[] {
  const out = planImage(generateHistory(seed, { setids: true }).image);
  if (out.kind !== 'plan') throw new Error(`seed ${seed}: expected a plan, got ${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 200) : ''}`);
  if (!out.plan.summary.verified) throw new Error(`seed ${seed}: plan not verified`);
  return out.plan.ops;
}

/** every set-dumpable op comes right after its actor's setns into a user ns (or an execve) */
function dumpableRightAfterSwitch(ops: Op[]): boolean {
  return ops.every((o, i) => o.op !== 'set-dumpable' || (i > 0 && ops[i - 1].actor === o.actor && o.value && ((ops[i - 1].op === 'setns' && (ops[i - 1] as { file?: string }).file === 'user') || ops[i - 1].op === 'execve')));
}

// seed 31: uts:5, mnt:2; 185: uts:1; 395: user:1; 596: pid:4 (pid_for_children); 199: ipc:3
for (const seed of [31, 185, 199, 395, 596]) {
  test(`setids seed ${seed} (variant dumpable): verified plan, each set-dumpable right after its actor's switch`, (t) => {
    const ops = verifiedOps(seed);
    t.true(ops.some((o) => o.op === 'set-dumpable'), 'the plan has set-dumpable ops');
    t.true(dumpableRightAfterSwitch(ops));
    // and the variant is what makes it: the setids variants without it do not plan it
    const img = generateHistory(seed, { setids: true }).image;
    t.not(planWithVariant(img, { setidsLateJoins: true, setidsCreators: true }).kind, 'plan');
  });
}

test('setids seed 267 (variant dumpable with setidsLateJoins): verified plan', (t) => {
  const ops = verifiedOps(267);
  t.true(ops.some((o) => o.op === 'set-dumpable'));
  t.true(dumpableRightAfterSwitch(ops));
  const img = generateHistory(267, { setids: true }).image;
  t.not(planWithVariant(img, { dumpable: true }).kind, 'plan', 'the variant alone does not plan it');
});

test('setids seed 250 (variant dumpable): the child of an id helper counts as dumpable (setresuid ends with PR_SET_DUMPABLE 1); verified plan', (t) => {
  const ops = verifiedOps(250);
  t.true(ops.some((o) => o.op === 'setresuid' && o.actor.startsWith('idh')), 'an id helper switches its ids');
  t.false(ops.some((o) => o.op === 'set-dumpable'));
});
