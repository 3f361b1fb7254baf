/**
 * The `setresuid` op on Linux: the history of setids-cases.ts replayed through the real executor
 * (executor/real, agent command `setids`) gives every op the errno the simulator gives, and the
 * captured tree (owner uids of the user namespaces included) is the simulated one.
 */
import test from 'ava';
import { runOnRealKernel, realKernelAvailable } from '../../executor/real/executor.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { SETIDS_CASES } from './setids-cases.js';

const can = realKernelAvailable();
const title = `real kernel: the setresuid op's ${SETIDS_CASES.length} cases give the simulator's errnos and tree`;

if (!can.ok) {
  console.error(`\n*** SKIPPED (no real kernel here): ${title}: ${can.why} ***\n`);
  test.skip(title, () => {});
} else {
  test.serial(title, async (t) => {
    const ops = SETIDS_CASES.map((c) => c.op);
    const sim = replayOnSimKernel({ format: 'crplan-image/1', tasks: [], nsproxies: [], namespaces: [] }, ops, { continueOnError: true });
    const real = await runOnRealKernel(ops, { continueOnError: true });
    for (const [i, c] of SETIDS_CASES.entries()) {
      const r = real.results[i];
      t.deepEqual(r.ok ? 'ok' : r.errno, c.want === 'ok' ? 'ok' : c.want[0], `case ${i} (${c.note}): ${JSON.stringify(c.op)}`);
    }
    t.deepEqual(diffImages(sim.snapshot, real.snapshot!).map((d) => d.message), []);
    const owners = real.snapshot!.namespaces.filter((n) => n.type === 'user' && n.parent && !n.external).map((n) => n.ownerUid).sort();
    t.deepEqual(owners, [0, 1000], 'userA owned by 1000 (seen from the environment), userB by 0 (seen from userA)');
  });
}
