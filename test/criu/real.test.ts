/**
 * The six real CRIU dumps, planned by crplan and run on the real kernel (through the agent, in a
 * fresh user and pid namespace): the captured tree must match the imported image exactly.
 */
import test from 'ava';
import { importCriuDir } from '../../criu/import.js';
import { planImage } from '../../planner/index.js';
import { diffImages } from '../../kernel/diff.js';
import { realKernelAvailable, runOnRealKernel } from '../../executor/real/executor.js';
import { SETS, setDir } from './helpers.js';

const avail = realKernelAvailable();

if (!avail.ok) {
  console.warn(`\n*** REAL KERNEL TESTS SKIPPED (CRIU sets): ${avail.why} ***\n`);
  test.skip(`REAL KERNEL TESTS SKIPPED (CRIU sets): ${avail.why ?? 'no real-kernel capability'}`, () => {});
} else {
  for (const set of SETS) {
    test.serial(`${set}: the plan restores on the real kernel with a clean diff`, async (t) => {
      const { image } = importCriuDir(setDir(set));
      const out = planImage(image);
      if (out.kind !== 'plan') return t.fail(`${set}: ${out.kind}`);
      const res = await runOnRealKernel(out.plan.ops, { capture: true });
      t.is(res.failedAt, -1, res.failedAt >= 0 ? `op ${res.failedAt} failed: ${JSON.stringify(res.results[res.failedAt])}` : '');
      if (!res.snapshot) return t.fail('no snapshot captured');
      t.deepEqual(diffImages(image, res.snapshot).map((d) => d.message), []);
    });
  }
}
