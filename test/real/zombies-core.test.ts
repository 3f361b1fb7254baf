import test from 'ava';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from '../../executor/real/session.js';
import type { Image } from '../../model/image.js';
import { realSkipReason } from './helpers.js';

/**
 * A core-dumped zombie (examples/zombies.json, pid 9: SIGSEGV with core) restored on the real
 * kernel: the agent really dumps core (into the coordinator's scratch dir), the captured zombie's
 * wait status has the core flag, the tree diffs clean, and no core file or temp dir survives.
 */
const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
// Skipped tests show as skipped (never as passed), with the reason printed loudly.
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

const ours = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('crplan-real-')).sort();

real('zombies.json restores with its core-dumped zombie and leaves no core file behind', async (t) => {
  const image = JSON.parse(readFileSync(new URL('../../examples/zombies.json', import.meta.url), 'utf8')) as Image;
  const segv = image.tasks.find((x) => x.exit?.core === true);
  if (!segv) return t.fail('zombies.json has no core-dumped zombie any more');
  const out = planImage(image);
  if (out.kind !== 'plan') return t.fail(`no plan: ${out.kind}`);
  const before = ours();
  const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  let cores: string[] = [];
  const run = await restoreOnRealKernel(image, out.plan.ops, {
    hold: async (ex) => {
      cores = ex.coreFiles();
    },
  });
  t.is(run.failedAt, -1, `op ${run.failedAt} failed: ${JSON.stringify(run.results[run.failedAt])}`);
  t.deepEqual(run.differences.map((d) => d.message), []);
  const got = run.snapshot?.tasks.find((x) => x.pid[0] === segv.pid[0]);
  t.deepEqual(got?.exit, { signal: segv.exit!.signal, core: true }, 'captured exit status of the core-dumped zombie');
  // the other signalled zombie (SIGKILL) has no core flag
  const killed = image.tasks.find((x) => x.exit?.signal !== undefined && !x.exit.core);
  if (killed) t.deepEqual(run.snapshot?.tasks.find((x) => x.pid[0] === killed.pid[0])?.exit, { signal: killed.exit!.signal });
  t.log(`core_pattern ${JSON.stringify(pattern)}; core files while held: ${cores.length}`);
  if (!pattern.startsWith('|') && !pattern.startsWith('/')) t.is(cores.length, 1, 'a relative core_pattern writes the core into the scratch dir');
  for (const c of cores) {
    t.false(existsSync(c), `${c} left behind`);
    t.false(existsSync(dirname(c)), `${dirname(c)} left behind`);
    t.false(existsSync(dirname(dirname(c))), `${dirname(dirname(c))} (the executor's temp dir) left behind`);
  }
  // (other test files may have their own executor dirs now: only ours must not be new)
  t.deepEqual(ours().filter((d) => !before.includes(d) && cores.some((c) => c.includes(d))), []);
});
