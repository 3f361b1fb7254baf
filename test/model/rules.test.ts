/**
 * Table-driven tests, one row set per rule (ESLint style): `pass` images must not trigger the
 * rule (they are near misses: states Linux can produce that look like the failure), `fail`
 * images must trigger it. Each case starts from a bundled example and mutates it.
 */
import test from 'ava';
import type { Image } from '../../model/image.js';
import { validateImage } from '../../model/validate.js';
import { RULES } from '../../model/rules/index.js';
import { planImage } from '../../planner/index.js';
import { example, ns, task } from './helpers.js';

interface Case { name: string; base: string; mutate: (i: Image) => void }
const c = (name: string, base: string, mutate: (i: Image) => void): Case => ({ name, base, mutate });

const table: Record<string, { pass: Case[]; fail: Case[] }> = {
  OBJREF_DUPLICATE: {
    pass: [c('distinct ids of different kinds', 'session00', (i) => { i.namespaces.push({ id: 'net1', type: 'net', owner: 'user0' }); })],
    fail: [c('nsproxy reuses a namespace id', 'session00', (i) => { i.nsproxies.push({ ...i.nsproxies[0], id: 'uts0' }); })],
  },
  OBJREF_DANGLING: {
    pass: [c('zombie with null nsproxy', 'zombies', () => {})],
    fail: [
      c('namespace owner missing', 'userns-owned', (i) => { ns(i, 'netB').owner = 'userZ'; }),
      c('nsproxy slot missing', 'session00', (i) => { i.nsproxies[0].ipc = 'ipcZ'; }),
    ],
  },
  OBJREF_WRONG_TYPE: {
    pass: [c('owner is a user ns', 'userns-owned', () => {})],
    fail: [
      c('owner is a net ns', 'userns-owned', (i) => { ns(i, 'netB').owner = 'netA'; }),
      c('pidForChildren is a uts ns', 'session00', (i) => { i.nsproxies[0].pidForChildren = 'uts0'; }),
      c('task nsproxy is a namespace', 'session00', (i) => { task(i, 5).nsproxy = 'mnt0'; }),
    ],
  },
  ROOT_NAMESPACE: {
    pass: [c('one root each, nested children', 'nested-pidns', () => {})],
    fail: [c('two root user namespaces', 'session00', (i) => { i.namespaces.push({ id: 'userX', type: 'user', level: 0 }); })],
  },
  NS_CYCLE: {
    pass: [c('deep but acyclic', 'nested-pidns', () => {})],
    fail: [c('user ns is its own parent', 'userns-owned', (i) => { ns(i, 'userB').parent = 'userB'; })],
  },
  NS_LEVEL_MISMATCH: {
    pass: [c('level omitted is derived', 'nested-pidns', (i) => { delete ns(i, 'pidB').level; })],
    fail: [c('user ns level off by one', 'userns-owned', (i) => { ns(i, 'userB').level = 1; })],
  },
  NESTING_TOO_DEEP: {
    pass: [c('pid ns level 32 and user ns level 33', 'session00', (i) => {
      let p = 'pidN';
      for (let l = 1; l <= 32; l++) { i.namespaces.push({ id: `p${l}`, type: 'pid', parent: p, level: l, owner: 'user0' }); p = `p${l}`; }
      let u = 'user0';
      for (let l = 1; l <= 33; l++) { i.namespaces.push({ id: `u${l}`, type: 'user', parent: u, level: l }); u = `u${l}`; }
    })],
    fail: [c('user ns level 34', 'session00', (i) => {
      let u = 'user0';
      for (let l = 1; l <= 34; l++) { i.namespaces.push({ id: `u${l}`, type: 'user', parent: u, level: l }); u = `u${l}`; }
    })],
  },
  PIDNS_OWNER_OUTSIDE_PARENT: {
    pass: [
      c('child pid ns owned by a descendant of the parent\'s owner', 'nested-pidns', (i) => {
        i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1 });
        ns(i, 'pidB').owner = 'userX'; ns(i, 'pidC').owner = 'userX';
      }),
      c('unknown owner gives no verdict', 'nested-pidns', (i) => { ns(i, 'pidB').owner = null; }),
    ],
    fail: [c('child owned by an ancestor of the parent\'s owner', 'nested-pidns', (i) => {
      i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1 });
      ns(i, 'pidA').owner = 'userX';
    })],
  },
  PID_FOR_CHILDREN_NOT_BELOW: {
    pass: [c('pending pid_for_children two levels down (setns)', 'nested-pidns', (i) => { i.nsproxies.find((n) => n.id === 'nspA')!.pidForChildren = 'pidC'; })],
    fail: [c('pid_for_children in a sibling namespace', 'per-thread-ns', (i) => {
      i.namespaces.push({ id: 'pidT', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' });
      i.nsproxies.find((n) => n.id === 'nspS')!.pidForChildren = 'pidT';
    })],
  },
  USERNS_MAP_OVERLAP: {
    pass: [c('adjacent ranges', 'userns-owned', (i) => { ns(i, 'userA').uidMap = [{ inside: 0, outside: 1000, count: 1 }, { inside: 1, outside: 100000, count: 65536 }]; })],
    fail: [c('overlapping outside ranges in gid map', 'userns-owned', (i) => { ns(i, 'userA').gidMap = [{ inside: 0, outside: 1000, count: 10 }, { inside: 100, outside: 1005, count: 1 }]; })],
  },
  PID_DUPLICATE: {
    pass: [c('same inner number in sibling namespaces', 'per-thread-ns', (i) => {
      i.namespaces.push({ id: 'pidT', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' });
      i.tasks.push({ ...task(i, 910), pid: [920, 1], tgid: 920, pidns: 'pidT', nsproxy: 'nsp0', ppid: 900 });
    })],
    fail: [
      c('two tasks with one level-0 tid', 'session00', (i) => { i.tasks.push({ ...task(i, 5) }); }),
      c('number of a gone session leader reused in its namespace', 'nested-pidns', (i) => {
        // 602 called setsid, forked 605, and exited: 605 and 603 were reparented to init 601
        i.tasks = i.tasks.filter((x) => x.pid[0] !== 602);
        task(i, 603).ppid = 601;
        i.tasks.push({ ...task(i, 604), pid: [605, 5], tgid: 605, ppid: 601, sid: [602, 2], pgid: [602, 2], pidns: 'pidA', nsproxy: 'nspA' });
        i.tasks.push({ ...task(i, 604), pid: [606, 2], tgid: 606, ppid: 601, pidns: 'pidA', nsproxy: 'nspA' });
      }),
    ],
  },
  NSPID_DEPTH: {
    pass: [c('level-2 task with 3 numbers', 'nested-pidns', () => {})],
    fail: [c('too many numbers', 'session00', (i) => { task(i, 5).pid = [5, 5]; })],
  },
  PPID_DANGLING: {
    pass: [c('ppid 0: parent outside the image', 'session00', (i) => { task(i, 5).ppid = 0; })],
    fail: [c('thread-group parent missing', 'threads', (i) => { for (const x of [300, 301, 302]) task(i, x).ppid = 4242; })],
  },
  PPID_NOT_PROCESS: {
    pass: [c('ppid names the leader', 'threads', () => {})],
    fail: [c('ppid names thread 902', 'per-thread-ns', (i) => { task(i, 910).ppid = 902; })],
  },
  PROCESS_PARENT_CYCLE: {
    pass: [c('a long chain', 'nested-pidns', () => {})],
    fail: [c('self-parent', 'session00', (i) => { task(i, 5).ppid = 5; })],
  },
  CHILD_PIDNS_UNREACHABLE: {
    pass: [c('child two levels below its parent (setns down)', 'nested-pidns', (i) => { task(i, 603).ppid = 600; })],
    fail: [c('child in a sibling namespace of its parent', 'per-thread-ns', (i) => {
      i.namespaces.push({ id: 'pidT', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' });
      i.tasks.push({ ...task(i, 910), pid: [920, 1], tgid: 920, pidns: 'pidT', nsproxy: 'nsp0', ppid: 900 });
      i.tasks.push({ ...task(i, 911), pid: [921, 2], tgid: 921, pidns: 'pidT', nsproxy: 'nsp0', ppid: 910 });
    })],
  },
  PIDNS_INIT_PARENT_INSIDE: {
    pass: [c('init parented by the unsharer outside', 'pidns-unshare', () => {})],
    fail: [c('sidecar init child of its own child', 'container', (i) => { task(i, 50).ppid = 51; task(i, 51).ppid = 1; })],
  },
  SESSION_LEADER_WRONG_GROUP: {
    pass: [c('zombie session leader in its own group', 'zombies', () => {})],
    fail: [c('zombie session leader moved to another group', 'zombies', (i) => { task(i, 20).pgid = [21]; task(i, 21).pgid = [21]; })],
  },
  GROUP_SPANS_SESSIONS: {
    pass: [c('leaderless group in one session', 'session01', () => {})],
    fail: [c('member of group 15 in another session', 'session01', (i) => { task(i, 16).sid = [2]; }),
      c('leaderless group split over sessions', 'container', (i) => { task(i, 33).sid = [1]; })],
  },
  GROUP_ZERO_OTHER_SESSION: {
    pass: [c('init never called setsid: group 0 in session 0', 'session00', (i) => { task(i, 1).sid = [0]; task(i, 1).pgid = [0]; })],
    fail: [c('plain child of session 2 in group 0', 'session00', (i) => { task(i, 5).pgid = [0]; })],
  },
  SESSION_ID_OWNER_NOT_LEADER: {
    pass: [c('session whose leader is gone', 'session01', () => {})],
    fail: [c('session 8 leader moved back', 'session01', (i) => { task(i, 8).sid = [2]; task(i, 8).pgid = [2]; task(i, 9).sid = [8]; task(i, 9).pgid = [9]; })],
  },
  GROUP_ID_OWNER_OTHER_SESSION: {
    pass: [c('group owner moved to another group of the same session', 'session01', (i) => {
      i.tasks.push({ ...task(i, 16), pid: [19], tgid: 19, pgid: [19] });
      task(i, 15).pgid = [19];
    })],
    fail: [c('group 15 owner in another session', 'session01', (i) => { task(i, 15).pgid = [2]; task(i, 15).sid = [2]; })],
  },
  ID_VECTOR_MISMATCH: {
    pass: [c('group inherited from outside a child pid ns', 'nested-pidns', () => {})],
    fail: [
      c('pgid names a thread', 'threads', (i) => { for (const x of [310, 311, 312]) task(i, x).pgid = [301]; }),
      c('members disagree on a leaderless session', 'container', (i) => { task(i, 33).sid = [31, 7]; }),
    ],
  },
  SESSION_MEMBER_OUTSIDE_LEADER_NS: {
    pass: [
      c('members in namespaces below the leader\'s', 'nested-pidns', () => {}),
      c('group (not session) joined from above the leader', 'nested-pidns', (i) => { task(i, 600).pgid = [601, 1]; task(i, 600).sid = [600]; task(i, 601).sid = [600]; task(i, 602).sid = [600]; task(i, 603).sid = [600]; task(i, 604).sid = [600]; }),
    ],
    fail: [c('member in a sibling namespace of the leader', 'per-thread-ns', (i) => {
      i.namespaces.push({ id: 'pidT', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' });
      task(i, 910).sid = [910, 1]; task(i, 910).pgid = [910, 1]; task(i, 911).sid = [910, 1]; task(i, 911).pgid = [910, 1];
      i.tasks.push({ ...task(i, 910), pid: [920, 1], tgid: 920, pidns: 'pidT', nsproxy: 'nsp0', ppid: 900, pgid: [920, 1] });
    })],
  },
  PIDNS_NO_INIT: {
    pass: [
      c('pending namespace without tasks', 'nested-pidns', () => {}),
      c('external nested namespace without its init', 'pidns-unshare', (i) => { i.tasks = i.tasks.filter((x) => x.pid[0] !== 801); task(i, 803).ppid = 800; ns(i, 'pidU').external = true; }),
      c('zombie init alone', 'pidns-unshare', (i) => {
        i.tasks = i.tasks.filter((x) => x.pid[0] !== 802 && x.pid[0] !== 803);
        Object.assign(task(i, 801), { state: 'zombie', exit: { code: 0 }, nsproxy: null, files: null, fs: null, sighand: null, mm: null });
      }),
    ],
    fail: [
      c('zombie init with live members', 'pidns-unshare', (i) => {
        Object.assign(task(i, 801), { state: 'zombie', exit: { code: 0 }, nsproxy: null, files: null, fs: null, sighand: null, mm: null });
        task(i, 803).ppid = 800;
      }),
      c('container without pid 1', 'container', (i) => {
        i.tasks = i.tasks.filter((x) => x.pid[0] !== 1);
        for (const x of i.tasks) if (x.ppid === 1) x.ppid = 0;
        for (const x of i.tasks) if (x.sid[0] === 1) x.sid = [x.pid[0]];
      }),
    ],
  },
  ZOMBIE_WITH_CHILDREN: {
    pass: [c('zombie children of a live parent', 'zombies', () => {})],
    fail: [c('zombie parent of a zombie', 'zombies', (i) => { task(i, 7).ppid = 6; })],
  },
  THREAD_LEADER_MISSING: {
    pass: [c('dead leader kept', 'threads', () => {})],
    fail: [c('leader of 300 missing', 'threads', (i) => { i.tasks = i.tasks.filter((x) => x.pid[0] !== 300); for (const x of i.tasks) if (x.ppid === 300) x.ppid = 0; })],
  },
  THREADS_DISAGREE: {
    pass: [c('threads with different nsproxies and unknown mm', 'threads', (i) => { task(i, 301).mm = null; }),
      c('a thread whose user ns is unknown', 'threads', (i) => { task(i, 301).userns = null; })],
    fail: [
      c('thread in another pid ns', 'per-thread-ns', (i) => { Object.assign(task(i, 901), { pidns: 'pidS', pid: [901, 5] }); }),
      c('thread with its own mm', 'threads', (i) => { task(i, 311).mm = 'mm-x'; task(i, 311).sighand = 'sh-x'; }),
    ],
  },
  THREAD_STATE_IMPOSSIBLE: {
    pass: [c('dead leader with live threads', 'threads', () => {})],
    fail: [
      c('dead leader alone', 'threads', (i) => { i.tasks = i.tasks.filter((x) => x.pid[0] !== 311 && x.pid[0] !== 312); }),
      c('zombie leader with threads', 'threads', (i) => { Object.assign(task(i, 310), { state: 'zombie', exit: { code: 0 }, sighand: null }); }),
    ],
  },
  FS_SHARED_ACROSS_NS: {
    pass: [
      c('CLONE_FS sharers in one mount ns', 'clone-files', () => {}),
      // the user-ns case is the error FS_SHARED_ACROSS_USERNS, not this warning
      c('fs sharer in another user ns (same mount ns)', 'clone-files', (i) => {
        i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1 });
        task(i, 402).userns = 'userX';
      }),
    ],
    // a warning: reachable on 6.18 through setns(pidfd, CLONE_NEWNS | another type)
    fail: [c('fs sharer in another mount ns', 'clone-files', (i) => {
      task(i, 402).nsproxy = 'nsp-402';
      i.nsproxies.push({ ...i.nsproxies.find((n) => n.id === 'nsp0')!, id: 'nsp-402', mnt: 'mntX' });
      i.namespaces.push({ id: 'mntX', type: 'mnt', owner: 'user0' });
    })],
  },
  FS_SHARED_ACROSS_USERNS: {
    pass: [c('CLONE_FS sharers in one user ns', 'clone-files', () => {})],
    fail: [c('fs sharer in another user ns', 'clone-files', (i) => {
      i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1 });
      task(i, 402).userns = 'userX';
    })],
  },
  SIGHAND_WITHOUT_MM: {
    pass: [c('unknown mm gives no verdict', 'clone-files', (i) => { task(i, 404).mm = null; })],
    fail: [c('threads sharing sighand, one with another mm', 'clone-files', (i) => { task(i, 404).mm = 'mm-404'; })],
  },
  ZOMBIE_HOLDS_RESOURCES: {
    pass: [c('zombies without resources', 'zombies', () => {})],
    fail: [c('zombie with an fd table', 'zombies', (i) => { task(i, 6).files = 'files-6'; })],
  },
  UNKNOWN_FACTS: {
    pass: [c('all known', 'container', () => {})],
    fail: [
      c('live task without nsproxy', 'container', (i) => { task(i, 10).nsproxy = null; }),
      c('namespace owner unknown', 'container', (i) => { ns(i, 'netS').owner = null; }),
      c('user ns of a task unknown', 'container', (i) => { task(i, 10).userns = null; }),
    ],
  },
  UNKNOWN_FIELD: {
    pass: [c('only known fields', 'session00', () => {})],
    fail: [c('typo in a task field', 'session00', (i) => { (task(i, 5) as unknown as Record<string, unknown>).subraeper = true; })],
  },
};

test('every rule has table rows, passing and failing', (t) => {
  for (const r of RULES) {
    t.truthy(table[r.code], `no table for ${r.code}`);
    t.true(table[r.code].pass.length > 0 && table[r.code].fail.length > 0, r.code);
  }
  t.deepEqual(Object.keys(table).sort(), RULES.map((r) => r.code).sort());
});

for (const r of RULES) {
  const rows = table[r.code];
  if (!rows) continue;
  for (const k of rows.pass) {
    test(`${r.code} passes: ${k.name}`, (t) => {
      const img = example(k.base);
      k.mutate(img);
      const found = validateImage(img).filter((f) => f.code === r.code);
      t.deepEqual(found.map((f) => f.message), []);
    });
  }
  for (const k of rows.fail) {
    test(`${r.code} fails: ${k.name}`, (t) => {
      const img = example(k.base);
      k.mutate(img);
      const all = validateImage(img);
      const found = all.filter((f) => f.code === r.code);
      t.true(found.length > 0, `expected ${r.code}, got ${all.map((f) => f.code).join(', ') || 'nothing'}`);
      for (const f of found) {
        t.is(f.severity, r.severity);
        t.is(f.kernelRule, r.kernelRule);
        t.true(f.chain.length > 0);
        t.false(/\{\w+\}/.test(f.message), `unfilled placeholder in "${f.message}"`);
      }
      t.false(all.some((f) => f.code === 'INTERNAL_RULE_FAILURE'));
    });
  }
}

test('FS_SHARED_ACROSS_NS: an fs shared across mount namespaces is only a warning, its chain names pidfd setns, and the planner answers undecided', (t) => {
  const img = example('clone-files');
  task(img, 402).nsproxy = 'nsp-402';
  img.nsproxies.push({ ...img.nsproxies.find((n) => n.id === 'nsp0')!, id: 'nsp-402', mnt: 'mntX' });
  img.namespaces.push({ id: 'mntX', type: 'mnt', owner: 'user0' });
  const all = validateImage(img);
  t.deepEqual(all.filter((f) => f.severity === 'error').map((f) => f.code), []);
  const w = all.filter((f) => f.code === 'FS_SHARED_ACROSS_NS');
  t.is(w.length, 1);
  t.is(w[0].severity, 'warning');
  t.regex(w[0].chain.join(' '), /setns\(pidfd, CLONE_NEWNS \| another type\)/);
  t.regex(w[0].chain.join(' '), /planner must/);
  const out = planImage(img);
  t.is(out.kind, 'undecided');
  if (out.kind === 'undecided') t.regex(out.reason, /FS_SHARED_ACROSS_NS/);
});

test('unknown values never produce errors', (t) => {
  for (const base of ['container', 'threads', 'clone-files', 'userns-owned', 'nested-pidns']) {
    const img = example(base);
    for (const x of img.tasks) {
      x.subreaper = null; x.files = null; x.fs = null; x.sighand = null; x.mm = null; x.execed = null;
      if (x.state !== 'zombie') x.nsproxy = null;
    }
    for (const n of img.namespaces) if (n.type !== 'user') n.owner = null;
    const errors = validateImage(img).filter((f) => f.severity === 'error');
    t.deepEqual(errors.map((f) => f.code), [], base);
  }
});
