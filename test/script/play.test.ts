/**
 * The op list of `crplan-agent play` (script/play.ts writes it, agent/agent.c reads it), without
 * running anything (`play --check` reads and checks only; no root needed): every plan's list is
 * accepted, every op kind is written and read, and each kind of bad line is refused with exit 2
 * and a message naming the line and the step.
 */
import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadImageFile } from '../../model/load.js';
import { planImage } from '../../planner/index.js';
import { profileForVersion } from '../../kernel/profile.js';
import { AGENT_PATH } from '../../executor/real/executor.js';
import type { Op } from '../../executor/ops.js';
import type { Plan } from '../../planner/plan.js';
import { expectedResults, playList, playOpLine, playString } from '../../script/play.js';
import { crplan } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = new URL('../../examples/', import.meta.url).pathname;
const examples = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function check(input: string, args: string[] = ['--check']): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(AGENT_PATH, ['play', ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('playString quotes and escapes the bytes the agent splits or strips on', (t) => {
  t.is(playString('crplan-sim'), '"crplan-sim"');
  t.is(playString(''), '""');
  t.is(playString('a b#"\\\t'), '"a\\x20b\\x23\\x22\\x5c\\x09"');
  t.is(playString('é'), '"\\xc3\\xa9"');
});

test('playOpLine: step, actor, op, fields, the expected value, the why', (t) => {
  t.is(playOpLine({ op: 'clone', actor: 'root', child: 't1', flags: ['CLONE_NEWPID', 'CLONE_NEWUSER'], setTid: [1, 7], why: 'its\nparent' }, 0, { ok: true, value: 2 }),
    '0 root clone child=t1 flags=CLONE_NEWPID|CLONE_NEWUSER setTid=1,7 -> 2  # its parent');
  t.is(playOpLine({ op: 'exit', actor: 't5', signal: 6, core: true, group: true }, 9), '9 t5 exit group signal=6 core');
  t.is(playOpLine({ op: 'write-idmap', actor: 'root', target: 't1', uidMap: [{ inside: 0, outside: 100000, count: 65536 }], gidMap: [] }, 3, { ok: true }),
    '3 root write-idmap target=t1 uidMap=0:100000:65536 gidMap=');
  t.throws(() => playOpLine({ op: 'setsid', actor: 'a b' }, 0), { message: /actor name "a b" cannot be written/ });
});

if (!existsSync(AGENT_PATH)) {
  console.error(`\n*** SKIPPING the agent's op-list checks: ${AGENT_PATH} is not built (node scripts/build-agent.mjs) ***\n`);
  test.skip(`agent op-list checks (SKIPPED: ${AGENT_PATH} not built)`, () => {});
} else {
  for (const version of ['6.18', '5.2']) {
    test(`every example's Linux ${version} plan becomes an op list the agent accepts`, (t) => {
      let planned = 0;
      for (const f of examples) {
        const profile = profileForVersion(version);
        const o = planImage(loadImageFile(`${dir}${f}`), { profile });
        if (o.kind !== 'plan') continue;
        planned++;
        const r = check(playList(o.plan, expectedResults(o.plan, profile)).join('\n'));
        t.is(r.status, 0, `${f}: ${r.stderr}`);
        t.is(r.stdout, `ok: ${o.plan.ops.length} operation(s), ${new Set(['root', ...Object.values(o.plan.actors), ...o.plan.helpers.map((h) => h.name)]).size} actor(s)\n`, f);
      }
      t.true(planned >= 10, `only ${planned} examples planned`);
    });
  }

  test('every op kind and field is written so that the agent reads it', (t) => {
    const ops: Op[] = [
      { op: 'clone', actor: 'root', child: 'a', flags: [], setTid: [5] },
      { op: 'clone', actor: 'a', child: 'b', flags: ['CLONE_NEWUSER', 'CLONE_NEWPID', 'CLONE_NEWUTS', 'CLONE_NEWTIME'], setTid: [1, 9], exitSignal: 10 },
      { op: 'clone', actor: 'a', child: 'th', flags: ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM', 'CLONE_PIDFD'] },
      { op: 'clone', actor: 'a', child: 'old', flags: [], legacy: true },
      { op: 'setsid', actor: 'a' },
      { op: 'setpgid', actor: 'old', pid: 0, pgid: 0 },
      { op: 'unshare', actor: 'old', flags: ['CLONE_NEWNS', 'CLONE_NEWIPC'] },
      { op: 'setns', actor: 'old', target: 'b', file: 'pid_for_children' },
      { op: 'setns', actor: 'old', target: 'b', pidfd: true, nstypes: ['user', 'uts', 'time'] },
      { op: 'subreaper', actor: 'a', value: true },
      { op: 'set-dumpable', actor: 'a', value: true },
      { op: 'sethostname', actor: 'b', hostname: 'a b#"\\é', domainname: '' },
      { op: 'write-idmap', actor: 'a', target: 'b', uidMap: [{ inside: 0, outside: 0, count: 1 }, { inside: 1, outside: 100000, count: 65536 }], gidMap: [{ inside: 0, outside: 0, count: 1 }] },
      { op: 'write-timens-offsets', actor: 'b', monotonic: -1500000000, boottime: 86400000000000 },
      { op: 'write-ns-last-pid', actor: 'a', value: 99 },
      { op: 'sigchld-ignore', actor: 'a', value: true },
      { op: 'execve', actor: 'old' },
      { op: 'wait', actor: 'a', pid: -1, nohang: true },
      { op: 'exit', actor: 'th', code: 3 },
      { op: 'stop', actor: 'b', signal: 21 },
      { op: 'exit', actor: 'old', signal: 11, core: true, group: true },
    ];
    const plan = { format: 'crplan-plan/1', image: { sha256: '' }, actors: {}, helpers: [], ops, summary: { tasks: 0, helpers: 0, operations: ops.length, solver: [], verified: false } } as Plan;
    const r = check(playList(plan, []).join('\n'));
    t.is(r.stderr, '');
    t.is(r.stdout, `ok: ${ops.length} operation(s), 5 actor(s)\n`);
    t.is(r.status, 0);
  });

  const GOOD = ['0 root clone child=a setTid=5 -> 5', '1 a setsid -> 5', '2 a clone child=b -> 6'];
  /** [what is wrong, the line put in as step 3 (or a replacement list), the message expected] */
  const BAD: [string, string | string[], RegExp][] = [
    ['unknown op', '3 a setsidd', /line 4 \(step 3\): unknown op 'setsidd'/],
    ['step out of order', '4 a setsid', /line 4 \(step 4\): step 4 out of order: expected step 3/],
    ['actor never created', '3 zz setsid', /actor 'zz' is not created by any earlier step/],
    ['actor created later', ['0 root clone child=a', '1 b setsid', '2 a clone child=b'], /line 2 \(step 1\): actor 'b' is not created/],
    ['child name in use', '3 a clone child=b', /child name 'b' is in use/],
    ['the root actor exits', '3 root exit group code=0', /the root actor may not exit/],
    ['the root actor stops', '3 root stop', /the root actor may not stop/],
    ['unknown clone flag', '3 a clone child=c flags=CLONE_NEWPID|CLONE_SIBLING', /unknown clone flag 'CLONE_SIBLING'/],
    ['not a number', '3 b setpgid pid=0 pgid=x', /pgid: 'x' is not a number/],
    ['missing field', '3 b setpgid pid=0', /setpgid needs pgid=/],
    ['unknown field', '3 b setpgid pid=0 pgid=0 sid=1', /setpgid has no field 'sid'/],
    ['field twice', '3 b setpgid pid=0 pgid=0 pid=1', /field 'pid' given twice/],
    ['stray word', '3 b setsid now', /setsid: unexpected 'now'/],
    ['setTid with legacy clone', '3 a clone child=c setTid=9 legacy', /setTid needs clone3/],
    ['bad escape', '3 b sethostname hostname="a\\q"', /bad escape/],
    ['bad id map', '3 a write-idmap target=b uidMap=0:0 gidMap=', /id map '0:0': expected IN:OUT:COUNT/],
    ['unknown namespace file', '3 a setns target=b file=pidns', /unknown namespace file 'pidns'/],
    ['unknown namespace kind', '3 a setns target=b pidfd nstypes=user,proc', /unknown namespace kind 'proc'/],
    ['bad expected value', '3 a setsid -> five', /expected value: 'five' is not a number/],
    ['bad actor line', 'actor x', /expected: actor NAME task TID \| actor NAME helper/],
  ];
  for (const [what, line, message] of BAD) {
    test(`the agent refuses a bad op list before running anything: ${what}`, (t) => {
      const lines = typeof line === 'string' ? [...GOOD, line] : line;
      const r = check(lines.join('\n'), []); // not --check: must be refused before any namespace is made
      t.is(r.status, 2);
      t.regex(r.stderr, new RegExp(`^crplan-agent play: stdin ${message.source.startsWith('line') ? '' : 'line \\d+.*'}${message.source}`));
      t.is(r.stdout, '', 'nothing ran');
    });
  }

  test('crplan script --format sh: a script that drives this installation\'s agent; --check reads its list', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'crplan-sh-cli-'));
    try {
      const out = join(dir, 'r.sh');
      const r = await crplan('script', new URL('../../examples/session01.json', import.meta.url).pathname, '--format', 'sh', '-o', out);
      t.is(r.code, 0, r.stderr);
      t.regex(r.stdout, /^wrote .*r\.sh: shell script, \d+ lines, 38 operations for 14 tasks and 2 helper\(s\)$/m);
      const text = readFileSync(out, 'utf8');
      t.true(text.includes(`agent_default='${AGENT_PATH}'`), 'the default agent is this installation\'s');
      t.regex(text, /^exec "\$agent" play "\$@" <<'EOF'\n/m);
      t.regex(text, /^0 root clone child=t1 .*-> \d+ {2}# /m);
      t.regex(text, /\nEOF\n$/);
      const c = spawnSync('sh', [out, '--check'], { encoding: 'utf8', env: { ...process.env, CRPLAN_AGENT: '' } });
      t.is(c.status, 0, c.stderr);
      t.is(c.stdout, 'ok: 38 operation(s), 17 actor(s)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('play usage: a bad --timeout is refused (exit 2)', (t) => {
    const r = check(GOOD.join('\n'), ['--timeout', 'soon']);
    t.is(r.status, 2);
    t.regex(r.stderr, /^usage: crplan-agent play \[--hold\] \[--timeout SECONDS\] \[--check\]/);
  });
}
