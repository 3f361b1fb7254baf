/**
 * A plan's listing is read by people checking it against the kernel rules: every setns it emits
 * must cite the rule of the namespace it enters (kernel-rules.md: SETNS-3 mount, SETNS-4 user,
 * SETNS-5 pid, SETNS-6 time and time_for_children, SETNS-7 the others). Stop 25 found time and
 * mount joins cited as SETNS-7; this reads every setns of a few hundred generated plans.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

const RULE: Record<string, string> = {
  mnt: 'SETNS-3', user: 'SETNS-4', pid: 'SETNS-5', pid_for_children: 'SETNS-5',
  time: 'SETNS-6', time_for_children: 'SETNS-6', uts: 'SETNS-7', ipc: 'SETNS-7', net: 'SETNS-7', cgroup: 'SETNS-7',
};

test('every setns of generated plans cites the rule of the namespace it enters, and no other setns rule', (t) => {
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (let seed = 1; seed <= 120; seed++) {
    const out = planImage(generateHistory(seed, { ops: 200 }).image);
    if (out.kind !== 'plan') continue;
    for (const op of out.plan.ops) {
      if (op.op !== 'setns') continue;
      const file = op.file ?? '(none)';
      seen.add(file);
      const cited = new Set(op.why?.match(/SETNS-\d/g) ?? []);
      if (!cited.has(RULE[file]) || cited.size !== 1) wrong.push(`seed ${seed} ${op.actor} setns ${file}: ${op.why}`);
    }
  }
  t.deepEqual(wrong.slice(0, 5), []);
  // the read covers every kind of join the planner emits (a check over nothing proves nothing)
  for (const file of ['mnt', 'user', 'pid', 'time', 'time_for_children', 'uts', 'ipc', 'net', 'cgroup']) t.true(seen.has(file), `no setns into ${file} in the sample`);
});
