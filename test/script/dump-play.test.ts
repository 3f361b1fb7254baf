/**
 * The `set-dumpable` op in the agent's play list (script/play.ts writes it, agent/agent.c K_DUMPABLE
 * reads it) and in the standalone C program (script/c.ts OP_DUMPABLE), checked without running
 * anything (`play --check`; no root needed).
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { AGENT_PATH } from '../../executor/real/executor.js';
import { playOpLine } from '../../script/play.js';
import { planToC } from '../../script/c.js';
import type { Plan } from '../../planner/plan.js';

function check(input: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(AGENT_PATH, ['play', '--check'], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = ['0 root clone child=a -> 2'];

test('playOpLine writes set-dumpable value=0|1', (t) => {
  t.is(playOpLine({ op: 'set-dumpable', actor: 'a', value: true }, 1), '1 a set-dumpable value=1');
  t.is(playOpLine({ op: 'set-dumpable', actor: 'a', value: false, why: 'x' }, 2), '2 a set-dumpable value=0  # x');
});

if (!existsSync(AGENT_PATH)) test.skip('agent not built', () => {});
else {
  test('the agent reads set-dumpable and refuses it without value= or with another field', (t) => {
    const ok = check([...GOOD, '1 a set-dumpable value=1', '2 a set-dumpable value=0'].join('\n'));
    t.is(ok.stderr, '');
    t.is(ok.status, 0);
    t.is(ok.stdout, 'ok: 3 operation(s), 2 actor(s)\n');
    const missing = check([...GOOD, '1 a set-dumpable'].join('\n'));
    t.is(missing.status, 2);
    t.regex(missing.stderr, /set-dumpable needs value=/);
    const extra = check([...GOOD, '1 a set-dumpable value=1 pid=3'].join('\n'));
    t.is(extra.status, 2);
    t.regex(extra.stderr, /set-dumpable has no field 'pid'/);
  });
}

test('the C program has the op as OP_DUMPABLE, a prctl(PR_SET_DUMPABLE) of its value', (t) => {
  const ops = [{ op: 'clone', actor: 'root', child: 'a', flags: [] }, { op: 'set-dumpable', actor: 'a', value: true }] as Plan['ops'];
  const plan = { format: 'crplan-plan/1', image: { sha256: '' }, actors: { 2: 'a' }, helpers: [], ops, summary: { tasks: 1, helpers: 0, operations: 2, solver: [], verified: false } } as unknown as Plan;
  const c = planToC(plan);
  t.regex(c, /\{ \.kind = OP_DUMPABLE, \.actor = A_a, \.a = 1 \}/);
  t.regex(c, /case OP_DUMPABLE: return SYS2\(SYS_prctl, PR_SET_DUMPABLE, o->a\);/);
  t.regex(c, /"stop", "set-dumpable"/);
});
