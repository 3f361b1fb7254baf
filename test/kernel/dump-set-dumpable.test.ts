/**
 * The `set-dumpable` op on the simulated kernel (kernel/dumpable.ts): prctl(PR_SET_DUMPABLE, v)
 * sets the dumpability of the caller's mm, which every task sharing it sees; it needs no
 * privilege; an actor that cannot run is refused (ACTOR-*); and a non-dumpable peer's ns files,
 * closed to a task of its own user ns after a setns into a user ns its euid does not own
 * (NSFD-1.dumpable), open again once the peer made itself dumpable.
 */
import test from 'ava';
import { Sim } from './helpers.js';
import { parsePlan } from '../../planner/plan-file.js';
import { formatCall } from '../../planner/render/listing.js';

test('set-dumpable op: sets the mm flag both ways, seen by a thread and a CLONE_VM child, not by a forked child', (t) => {
  const s = new Sim();
  t.deepEqual(s.run({ op: 'clone', actor: 'root', child: 'p', flags: [] }), { ok: true, value: 2 });
  s.run({ op: 'clone', actor: 'p', child: 'pt', flags: ['CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM'] });
  s.run({ op: 'clone', actor: 'p', child: 'vm', flags: ['CLONE_VM'] });
  s.run({ op: 'clone', actor: 'p', child: 'c', flags: [] });
  t.true(s.task('p').mm!.dumpable);
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'pt', value: false }), { ok: true });
  t.false(s.task('p').mm!.dumpable);
  t.false(s.task('vm').mm!.dumpable);
  t.true(s.task('c').mm!.dumpable, 'a forked child has its own copy of the mm');
  // a fork now copies the non-dumpable flag (dup_mm)
  s.run({ op: 'clone', actor: 'p', child: 'c2', flags: [] });
  t.false(s.task('c2').mm!.dumpable);
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'p', value: true }), { ok: true });
  t.true(s.task('pt').mm!.dumpable);
  t.false(s.task('c2').mm!.dumpable);
  // idempotent
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'p', value: true }), { ok: true });
  t.true(s.task('p').mm!.dumpable);
});

test('set-dumpable op: no privilege needed (a task without capabilities, uid 1000)', (t) => {
  const s = new Sim();
  s.run({ op: 'clone', actor: 'root', child: 'a', flags: [] });
  t.deepEqual(s.run({ op: 'setresuid', actor: 'a', uid: 1000, gid: 1000 }), { ok: true });
  t.false(s.task('a').creds.caps);
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'a', value: false }), { ok: true });
  t.false(s.task('a').mm!.dumpable);
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'a', value: true }), { ok: true });
  t.true(s.task('a').mm!.dumpable);
});

test('set-dumpable op: errnos of an actor that cannot run (unknown, exited, zombie, stopped)', (t) => {
  const s = new Sim();
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'nobody', value: true }), { ok: false, errno: 'ESRCH', rule: 'ACTOR-1' });
  s.run({ op: 'clone', actor: 'root', child: 'z', flags: [] });
  s.run({ op: 'exit', actor: 'z', code: 3, group: true });
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'z', value: true }), { ok: false, errno: 'ESRCH', rule: 'ACTOR-2' });
  // the zombie keeps the dumpability it exited with (exit_mm), untouched by the refused op
  t.true(s.task('z').exitDumpable);
  t.is(s.task('z').mm, null);
  s.run({ op: 'clone', actor: 'root', child: 'st', flags: [] });
  s.run({ op: 'stop', actor: 'st' });
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'st', value: true }), { ok: false, errno: 'EAGAIN', rule: 'ACTOR-3' });
});

test('set-dumpable op: a zombie that made itself non-dumpable stays so (exitDumpable)', (t) => {
  const s = new Sim();
  s.run({ op: 'clone', actor: 'root', child: 'z', flags: [] });
  s.run({ op: 'set-dumpable', actor: 'z', value: false });
  s.run({ op: 'exit', actor: 'z', code: 0, group: true });
  t.false(s.task('z').exitDumpable);
});

test('set-dumpable op: a peer made non-dumpable by its setns into a user ns it does not own opens again after it', (t) => {
  const s = new Sim();
  // user ns U owned by uid 1000 (its creator switched to 1000 first), with a holder h inside
  s.run({ op: 'clone', actor: 'root', child: 'o', flags: [] });
  t.deepEqual(s.run({ op: 'setresuid', actor: 'o', uid: 1000, gid: 1000 }), { ok: true });
  t.deepEqual(s.run({ op: 'clone', actor: 'o', child: 'h', flags: ['CLONE_NEWUSER'] }), { ok: true, value: 3 });
  s.run({ op: 'write-idmap', actor: 'root', target: 'h', uidMap: [{ inside: 0, outside: 1000, count: 1 }], gidMap: [{ inside: 0, outside: 1000, count: 1 }] });
  // two root tasks enter U by setns: commit_creds makes each non-dumpable (euid 0 does not own U)
  for (const x of ['a', 'b']) {
    s.run({ op: 'clone', actor: 'root', child: x, flags: [] });
    t.deepEqual(s.run({ op: 'setns', actor: x, target: 'h', file: 'user' }), { ok: true });
    t.false(s.task(x).mm!.dumpable, `${x} is non-dumpable after its setns into U`);
  }
  // a makes a uts ns owned by U (unshare changes no credentials: a stays non-dumpable)
  t.deepEqual(s.run({ op: 'unshare', actor: 'a', flags: ['CLONE_NEWUTS'] }), { ok: true });
  t.false(s.task('a').mm!.dumpable);
  // b (in U, with every capability there) cannot open a's ns files: no CAP_SYS_PTRACE over a's mm's user ns
  t.deepEqual(s.run({ op: 'setns', actor: 'b', target: 'a', file: 'uts' }), { ok: false, errno: 'EACCES', rule: 'NSFD-1' });
  t.deepEqual(s.run({ op: 'set-dumpable', actor: 'a', value: true }), { ok: true });
  t.deepEqual(s.run({ op: 'setns', actor: 'b', target: 'a', file: 'uts' }), { ok: true });
});

test('set-dumpable op: plan files read it (value is a boolean), listings show the prctl', (t) => {
  const plan = (op: unknown): string => JSON.stringify({ format: 'crplan-plan/1', image: { sha256: '0'.repeat(64) }, actors: {}, helpers: [], ops: [{ op: 'clone', actor: 'root', child: 'a', flags: [] }, op], summary: { tasks: 0, helpers: 0, operations: 2, solver: [], verified: false } });
  const p = parsePlan(plan({ op: 'set-dumpable', actor: 'a', value: true }), 'p.json');
  t.deepEqual(p.ops[1], { op: 'set-dumpable', actor: 'a', value: true });
  t.is(formatCall(p.ops[1]), 'prctl(PR_SET_DUMPABLE, 1)');
  t.is(formatCall({ op: 'set-dumpable', actor: 'a', value: false }), 'prctl(PR_SET_DUMPABLE, 0)');
  t.throws(() => parsePlan(plan({ op: 'set-dumpable', actor: 'a', value: 2 }), 'p.json'), { message: /value/ });
  t.throws(() => parsePlan(plan({ op: 'set-dumpable', actor: 'a' }), 'p.json'), { message: /value/ });
});
