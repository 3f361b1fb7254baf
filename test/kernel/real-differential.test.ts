/**
 * The simulated kernel against the real one: generated histories replayed on Linux through the
 * real executor (executor/real), every op's result (value or errno) compared with the simulator's.
 * More seeds: `npm run soak -- kernel --real --seeds 50` (add `--setids` for credential switches).
 */
import test from 'ava';
import { generateHistory, type GenerateOptions } from '../../kernel/generator.js';
import type { Op } from '../../executor/ops.js';
import { RealExecutor, realKernelAvailable, runOnRealKernel } from '../../executor/real/executor.js';

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

/**
 * One real-kernel differential of generated histories (`opts`), ops of one kind (`counted`) each
 * asserted to get the simulator's result. Each history is compared up to its first disagreement
 * (later ops depend on it). Disagreements elsewhere are logged, not failed: they are simulator gaps
 * other tests classify (executor/real/differential.ts KNOWN, e.g. OWN-6.dac).
 */
function opDifferential(seeds: number, opts: GenerateOptions, what: string, counted: (op: Op) => boolean, atLeast: number): void {
  const title = `real kernel: ${seeds} generated histories with ${what}: every such op gets the simulator's result`;
  if (!can.ok) {
    console.warn(`SKIPPED (no real kernel here): ${title}: ${can.why}`);
    test.skip(title, () => {});
    return;
  }
  test(title, async (t) => {
    let compared = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const h = generateHistory(seed, { ops: 60, ...opts });
      const real = await runOnRealKernel(h.ops, { continueOnError: true, capture: false });
      for (let i = 0; i < h.ops.length; i++) {
        const s = h.results[i];
        const r = real.results[i];
        const same = s.ok === r.ok && (s.ok ? s.value === (r as { value?: number }).value : s.errno === (r as { errno: string }).errno);
        if (counted(h.ops[i])) {
          compared++;
          t.true(same, `seed ${seed} op ${i} ${JSON.stringify(h.ops[i])}: sim ${JSON.stringify(s)}, real ${JSON.stringify(r)}`);
        } else if (!same) t.log(`seed ${seed}: first disagreement at op ${i} (${h.ops[i].op}): sim ${s.ok ? 'ok' : s.errno}, real ${r.ok ? 'ok' : r.errno}`);
        if (!same) break;
      }
    }
    t.log(`${compared} ops compared`);
    t.true(compared > atLeast, `only ${compared} ops compared`);
  });
}

opDifferential(40, { setids: true }, 'credential switches', (op) => op.op === 'setresuid', 30);
// The proofs soak reads these states (npm run soak -- proofs --vm-forks): the simulator's CLONE_VM
// semantics (the child keeps the creator's time ns, FORK-8) must be the kernel's.
opDifferential(30, { vmForks: true }, 'CLONE_VM processes', (op) => op.op === 'clone' && op.flags.includes('CLONE_VM') && !op.flags.includes('CLONE_THREAD'), 20);
