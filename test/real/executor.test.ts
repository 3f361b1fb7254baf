import test from 'ava';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RealExecutor, runOnRealKernel } from '../../executor/real/executor.js';
import type { Op } from '../../executor/ops.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { processesIn, realSkipReason, subtree } from './helpers.js';

const skip = realSkipReason();
const real = skip ? test.skip : test.serial;
// Skipped tests show as skipped (never as passed), with the reason printed loudly.
if (skip) console.error(`\n*** REAL KERNEL TESTS SKIPPED: ${skip} ***\n`);

const SESSION_OPS: Op[] = [
  { op: 'clone', actor: 'root', child: 'a', flags: [] },
  { op: 'setsid', actor: 'a' },
  { op: 'clone', actor: 'a', child: 'b', flags: [] },
  { op: 'clone', actor: 'a', child: 'th', flags: ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] },
  { op: 'setpgid', actor: 'b', pid: 0, pgid: 0 },
  { op: 'setsid', actor: 'a' },
  { op: 'clone', actor: 'b', child: 'c', flags: [], setTid: [50] },
  { op: 'clone', actor: 'b', child: 'd', flags: [], setTid: [50] },
  { op: 'exit', actor: 'c', code: 3 },
  { op: 'setpgid', actor: 'a', pid: 50, pgid: 0 },
  { op: 'stop', actor: 'b' },
  { op: 'setsid', actor: 'b' },
  { op: 'clone', actor: 'th', child: 'n', flags: ['CLONE_NEWUSER', 'CLONE_NEWPID', 'CLONE_NEWUTS'] },
  { op: 'sethostname', actor: 'n', hostname: 'inner' },
  { op: 'clone', actor: 'n', child: 'm', flags: ['CLONE_THREAD', 'CLONE_NEWPID'] },
  { op: 'clone', actor: 'root', child: 'x', flags: ['CLONE_PARENT'] },
  { op: 'wait', actor: 'a', pid: -1 },
  { op: 'wait', actor: 'ghost', pid: -1 },
  { op: 'exit', actor: 'root', code: 0, group: true },
];

real('ops get the real kernel\'s exact results, the same as the simulated kernel\'s', async (t) => {
  const sim = replayOnSimKernel({ format: 'crplan-image/1', tasks: [], nsproxies: [], namespaces: [] }, SESSION_OPS, { continueOnError: true });
  const r = await runOnRealKernel(SESSION_OPS, { continueOnError: true });
  const strip = (x: { ok: boolean; errno?: string; value?: number }): unknown => (x.ok ? { ok: true, value: x.value } : { ok: false, errno: x.errno });
  t.deepEqual(r.results.map(strip), sim.results.map(strip));
  // spot checks of what Linux answered
  t.deepEqual(r.results[1], { ok: true, value: 2 }); // setsid returns the sid
  t.is(r.results[5].ok ? '' : r.results[5].errno, 'EPERM'); // session leader setsid (SID-1)
  t.deepEqual(r.results[6], { ok: true, value: 50 }); // set_tid
  t.is(r.results[7].ok ? '' : r.results[7].errno, 'EEXIST'); // set_tid in use (FORK-9)
  t.is(r.results[9].ok ? '' : r.results[9].errno, 'ESRCH'); // grandchild (PGID-2)
  t.is(r.results[11].ok ? '' : r.results[11].errno, 'EAGAIN'); // stopped actor
  t.is(r.results[14].ok ? '' : r.results[14].errno, 'EINVAL'); // THREAD|NEWPID (FORK-2)
  t.is(r.results[15].ok ? '' : r.results[15].errno, 'EINVAL'); // CLONE_PARENT from init (FORK-3)
  t.is(r.results[16].ok ? '' : r.results[16].errno, 'EAGAIN'); // wait would block
  t.is(r.results[17].ok ? '' : r.results[17].errno, 'ESRCH'); // unknown actor
  t.is(r.results[18].ok ? '' : r.results[18].errno, 'EPERM'); // the environment's init may not exit
  // the captured tree is the simulated one
  t.deepEqual(diffImages(sim.snapshot, r.snapshot!).map((d) => d.message), []);
  const s = r.snapshot!;
  const byPid = new Map(s.tasks.map((x) => [x.pid[0], x]));
  t.is(byPid.get(50)?.state, 'zombie');
  t.deepEqual(byPid.get(50)?.exit, { code: 3 });
  t.is(byPid.get(3)?.state, 'stopped');
  t.deepEqual(byPid.get(3)?.pgid, [3]);
  t.deepEqual(byPid.get(3)?.sid, [2]);
  t.is(byPid.get(4)?.tgid, 2);
  const nested = s.tasks.find((x) => x.pid.length === 2);
  t.deepEqual(nested?.pid, [5, 1]);
  const uts = s.namespaces.find((n) => n.type === 'uts' && n.hostname === 'inner');
  t.truthy(uts, 'the nested uts ns and its hostname are captured');
  t.is(s.namespaces.find((n) => n.id === nested?.userns)?.level, 1);
});

real('a failure mid-plan leaves no process, namespace or temp dir behind', async (t) => {
  const ex = await RealExecutor.start();
  const fp = ex.footprint;
  let tree: number[] = [];
  try {
    await ex.run({ op: 'clone', actor: 'root', child: 'a', flags: [] });
    await ex.run({ op: 'clone', actor: 'a', child: 'b', flags: ['CLONE_NEWPID', 'CLONE_NEWUSER'] });
    await ex.run({ op: 'clone', actor: 'b', child: 'c', flags: [] });
    await ex.run({ op: 'stop', actor: 'c' });
    tree = subtree(fp.rootPid);
    t.is(tree.length, 4, 'root actor, a, b and c are alive before the failure');
    await t.throwsAsync(async () => {
      throw new Error('forced failure');
    });
  } finally {
    await ex.teardown();
  }
  t.deepEqual(processesIn([fp.userNs, fp.pidNs]), []);
  t.deepEqual(tree.filter((p) => existsSync(`/proc/${p}`)), []);
  t.false(existsSync(`/proc/${fp.bootPid}`));
  t.false(existsSync(fp.dir));
  await t.throwsAsync(() => Promise.resolve(ex.run({ op: 'setsid', actor: 'a' })), { message: /torn down/ });
});

real('SIGTERM to the coordinator mid-plan kills and reaps the whole environment', async (t) => {
  const script = fileURLToPath(new URL('./fixtures/hang.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += String(d);
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    child.on('exit', () => reject(new Error('fixture exited early')));
  });
  const fp = JSON.parse(line) as { userNs: number; pidNs: number; rootPid: number; dir: string };
  const tree = subtree(fp.rootPid);
  t.is(tree.length, 4);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  t.is(await exited, 143);
  // the init's zombie may need a moment to be reaped by the host's init, and the namespaces'
  // other processes (forked after `tree` was read) a moment to leave /proc too: the same grace
  // for both (a clean-clone run once found one still listed right after the tree had gone)
  const t0 = Date.now();
  while ((tree.some((p) => existsSync(`/proc/${p}`)) || processesIn([fp.userNs, fp.pidNs]).length > 0) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
  t.deepEqual(processesIn([fp.userNs, fp.pidNs]), []);
  t.deepEqual(tree.filter((p) => existsSync(`/proc/${p}`)), []);
  t.false(existsSync(fp.dir));
});
