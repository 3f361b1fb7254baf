/**
 * Plans of generated reachable states, restored on the real kernel: for each seed the kernel
 * generator (kernel/generator.ts) makes a state, the planner plans and verifies it on the
 * simulated kernel, and the plan runs on the real kernel; the captured tree must diff clean.
 * This checks the planner's constructions (helpers, makers, holders, orderings) against Linux
 * itself, not only against the simulation. Used by test/real and `npm run soak -- restore`.
 */
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { restoreOnRealKernel } from './session.js';

export interface GeneratedRestore {
  seed: number;
  /** 'restored' = clean diff; 'failed' = an op failed or the tree differs; 'no-plan' = the planner gave no plan */
  verdict: 'restored' | 'failed' | 'no-plan';
  tasks: number;
  ops: number;
  detail?: string;
}

/** `setids`, `vmForks`: histories with credential switches, with CLONE_VM processes (kernel/generator.ts GenerateOptions). */
export async function restoreGenerated(seed: number, historyOps: number, setids = false, vmForks = false): Promise<GeneratedRestore> {
  const h = generateHistory(seed, { ...(historyOps ? { ops: historyOps } : {}), setids, vmForks });
  const tasks = h.image.tasks.length;
  const out = planImage(h.image);
  if (out.kind !== 'plan') return { seed, verdict: 'no-plan', tasks, ops: 0 };
  const ops = out.plan.ops;
  const run = await restoreOnRealKernel(h.image, ops);
  if (run.failedAt !== -1) {
    const r = run.results[run.failedAt];
    return { seed, verdict: 'failed', tasks, ops: ops.length, detail: `op ${run.failedAt} ${JSON.stringify(ops[run.failedAt]).slice(0, 200)} failed: ${r && !r.ok ? r.errno : '?'}` };
  }
  if (run.differences.length > 0) {
    return { seed, verdict: 'failed', tasks, ops: ops.length, detail: `restored tree differs: ${run.differences.slice(0, 3).map((d) => d.message).join('; ')}` };
  }
  return { seed, verdict: 'restored', tasks, ops: ops.length };
}
