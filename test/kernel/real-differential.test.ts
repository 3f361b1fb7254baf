/**
 * The simulated kernel against the real one: generated histories replayed on Linux through the
 * real executor (executor/real), every op's result (value or errno) compared with the simulator's.
 * More seeds: `npm run soak -- kernel --real --seeds 50`.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { RealExecutor, realKernelAvailable } from '../../executor/real/executor.js';

const SEEDS = [3, 17, 44, 71, 90, 123, 150, 201, 333, 404];
const OPS = 120;
const can = realKernelAvailable();
const title = `real kernel: ${SEEDS.length} generated histories of ${OPS} ops give the simulator's result for every op`;

if (!can.ok) {
  console.warn(`SKIPPED (no real kernel here): ${title}: ${can.why}`);
  test.skip(title, () => {});
} else {
  test(title, async (t) => {
    for (const seed of SEEDS) {
      const h = generateHistory(seed, { ops: OPS });
      const ex = await RealExecutor.start();
      try {
        for (let i = 0; i < h.ops.length; i++) {
          const r = await ex.run(h.ops[i]);
          const s = h.results[i];
          const got = r.ok ? { ok: true, value: r.value } : { ok: false, errno: r.errno };
          const want = s.ok ? { ok: true, value: s.value } : { ok: false, errno: s.errno };
          t.deepEqual(got, want, `seed ${seed} op ${i} ${JSON.stringify(h.ops[i])} (sim rule ${s.ok ? '-' : s.rule})`);
          if (JSON.stringify(got) !== JSON.stringify(want)) break;
        }
      } finally {
        await ex.teardown();
      }
    }
  });
}
