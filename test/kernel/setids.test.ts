/**
 * The `setresuid` op on the simulated kernel (kernel/setids.ts, rules CRED-1 and CRED-2): errnos
 * with their rule ids, the capability fixup, per-thread credentials, and the owner uid a user ns
 * gets from its creator's switched euid. The same history runs on Linux in setids-real.test.ts.
 */
import test from 'ava';
import { Sim } from './helpers.js';
import { SETIDS_CASES } from './setids-cases.js';
import { nsCapable } from '../../kernel/userns.js';
import { parsePlan } from '../../planner/plan-file.js';
import { formatCall } from '../../planner/render/listing.js';

test('setresuid op: every case gives its errno and rule on the simulated kernel', (t) => {
  const s = new Sim();
  for (const [i, c] of SETIDS_CASES.entries()) {
    const r = s.run(c.op);
    const got = r.ok ? 'ok' : [r.errno, r.rule];
    t.deepEqual(got, c.want, `case ${i} (${c.note}): ${JSON.stringify(c.op)}`);
  }
});

test('setresuid op: kernel ids, capabilities and the owner uids that follow', (t) => {
  const s = new Sim();
  for (const c of SETIDS_CASES) s.run(c.op);
  const a = s.task('a');
  // a ended as uid 1 of userA: kernel uid 2000, gid 2000, no capability left in userA
  t.is(a.creds.euid, 2000);
  t.is(a.creds.egid, 2000);
  t.false(a.creds.caps);
  t.false(nsCapable(a.creds, a.creds.userns));
  // b went unmapped -> 1 -> 0 inside userA, keeping its capabilities, then made userB
  const b = s.task('b');
  t.is(b.creds.euid, 1000);
  t.true(b.creds.caps);
  t.is(b.creds.userns.parent, a.creds.userns);
  // the thread changed alone
  t.is(s.task('pt').creds.euid, 1000);
  t.is(s.task('p').creds.euid, 0);
  t.true(s.task('p').creds.caps);
  // owner uids, seen from each parent, as a capture would show them
  const img = s.image();
  const owners = img.namespaces.filter((n) => n.type === 'user' && n.parent).map((n) => n.ownerUid).sort();
  t.deepEqual(owners, [0, 1000]);
});

test('setresuid op: a failing setresuid keeps the gid already changed (as Linux does)', (t) => {
  const s = new Sim();
  s.run({ op: 'clone', actor: 'root', child: 'a', flags: ['CLONE_NEWUSER'] });
  s.run({ op: 'write-idmap', actor: 'root', target: 'a', uidMap: [{ inside: 0, outside: 1000, count: 1 }], gidMap: [{ inside: 0, outside: 1000, count: 2 }] });
  t.deepEqual(s.run({ op: 'setresuid', actor: 'a', uid: 9, gid: 1 }), { ok: false, errno: 'EINVAL', rule: 'CRED-2' });
  t.is(s.task('a').creds.egid, 1001);
  t.is(s.task('a').creds.euid, 0);
});

test('setresuid op: (uid_t)-1 leaves the id unchanged in the simulator; plan files refuse it', (t) => {
  const s = new Sim();
  s.run({ op: 'clone', actor: 'root', child: 'a', flags: [] });
  t.deepEqual(s.run({ op: 'setresuid', actor: 'a', uid: 4294967295, gid: 1000 }), { ok: true });
  t.is(s.task('a').creds.euid, 0);
  t.is(s.task('a').creds.egid, 1000);
  const plan = (uid: number): string => JSON.stringify({
    format: 'crplan-plan/1', image: { sha256: '0'.repeat(64) }, actors: {}, helpers: [],
    ops: [{ op: 'clone', actor: 'root', child: 'a', flags: [] }, { op: 'setresuid', actor: 'a', uid, gid: 0 }],
    summary: { tasks: 0, helpers: 0, operations: 2, solver: [], verified: false },
  });
  t.notThrows(() => parsePlan(plan(4294967294), 'p.json'));
  t.throws(() => parsePlan(plan(4294967295), 'p.json'), { message: /\$\.ops\[1\]\.uid.*must be <= 4294967294/ });
  t.throws(() => parsePlan(plan(-1), 'p.json'), { message: /\$\.ops\[1\]\.uid.*must be >= 0/ });
});

test('setresuid op: the listing shows it as C calls', (t) => {
  t.is(formatCall({ op: 'setresuid', actor: 'a', uid: 1000, gid: 100 }),
    'setgroups(0, NULL); setresgid(100, 100, 100); setresuid(1000, 1000, 1000); prctl(PR_SET_DUMPABLE, 1)');
});
