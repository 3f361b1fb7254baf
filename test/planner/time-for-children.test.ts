/**
 * A thread whose time_for_children differs from its time ns, made by another thread's
 * unshare(CLONE_NEWTIME): nothing but the clone gives it (setns(time) sets both and needs a single
 * thread, SETNS-6; unshare makes a new one, UNSH-6), so the thread that unshared it creates the
 * thread after that unshare (FORK-8). Generated reachable states, once undecided ("tN needs
 * time_for_children ... only its own unshare(CLONE_NEWTIME) can give that").
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

const cases = [
  // seed 369: leader 44 is dead; thread 54 unshared time:2, then created thread 88 (private fd table and fs)
  { seed: 369, maker: 't54', thread: 't88' },
  // seed 489: leader 11 is dead; thread 12 unshared time:2, then created thread 59
  { seed: 489, maker: 't12', thread: 't59' },
];
for (const { seed, maker, thread } of cases) {
  test(`seed ${seed}: thread ${thread} is created by ${maker} after ${maker}'s unshare(CLONE_NEWTIME)`, (t) => {
    const h = generateHistory(seed);
    const tid = Number(thread.slice(1));
    const task = h.image.tasks.find((x) => x.pid[0] === tid)!;
    const np = h.image.nsproxies.find((n) => n.id === task.nsproxy)!;
    t.not(np.time, np.timeForChildren, 'the image thread has a pending time_for_children');
    const out = planImage(h.image);
    if (out.kind !== 'plan') return t.fail(`${out.kind}: ${out.kind === 'undecided' ? out.reason.slice(0, 300) : out.proof[0]?.message}`);
    t.true(out.plan.summary.verified);
    const ops = out.plan.ops;
    const clone = ops.findIndex((o) => o.op === 'clone' && o.child === thread);
    const unshare = ops.findIndex((o) => o.op === 'unshare' && o.actor === maker && o.flags.includes('CLONE_NEWTIME'));
    t.true(clone >= 0 && unshare >= 0);
    const c = ops[clone];
    t.true(c.op === 'clone' && c.actor === maker && c.flags.includes('CLONE_THREAD'), `${maker} creates thread ${thread}`);
    t.true(unshare < clone, 'after the unshare that made its time_for_children');
    // nothing later may change the thread's time namespaces
    t.false(ops.some((o, i) => i > clone && o.actor === thread && o.op === 'setns' && (o.file === 'time' || o.file === 'time_for_children')));
  });
}
