// Generator of the bundled examples (examples/*.json) and of examples/invalid/*.json, kept for
// reproducibility: `node test/model/gen/examples.mjs examples && node test/model/gen/invalid.mjs examples`.
// The JSON files are the product (hand-checked); edit them and this generator together.
import { readFileSync, writeFileSync } from 'node:fs';
import { dump, t } from './lib.mjs';
const dir = process.argv[2];
const base = (name) => JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8'));
const task = (img, tid) => img.tasks.find((x) => x.pid[0] === tid);
const ns = (img, id) => img.namespaces.find((x) => x.id === id);
const np = (img, id) => img.nsproxies.find((x) => x.id === id);
const n0 = (pid, ppid, sid, pgid, o = {}) => t(pid, ppid, sid, pgid, { pidns: 'pidN', nsproxy: 'nspN', ...o });
const cases = {
  OBJREF_DUPLICATE: ['session00', 'a second net namespace reuses the objref "net0"', (i) => { i.namespaces.push({ id: 'net0', type: 'net', owner: 'user0' }); }],
  OBJREF_DANGLING: ['session00', 'task 5 points to an nsproxy "nsp-missing" that the image does not define', (i) => { task(i, 5).nsproxy = 'nsp-missing'; }],
  OBJREF_WRONG_TYPE: ['session00', 'task 5 names the net namespace "net0" as its pid namespace', (i) => { task(i, 5).pidns = 'net0'; }],
  ROOT_NAMESPACE: ['session00', 'a second pid namespace "pidX" without parent: two roots', (i) => { i.namespaces.push({ id: 'pidX', type: 'pid', level: 0, owner: 'user0' }); }],
  NS_CYCLE: ['nested-pidns', 'pid namespaces pidX and pidY are each other\'s parent', (i) => {
    i.namespaces.push({ id: 'pidX', type: 'pid', parent: 'pidY', owner: 'user0' }, { id: 'pidY', type: 'pid', parent: 'pidX', owner: 'user0' }); }],
  NS_LEVEL_MISMATCH: ['nested-pidns', 'pidB declares level 5 but is the grandchild of the root (level 2)', (i) => { ns(i, 'pidB').level = 5; }],
  NESTING_TOO_DEEP: ['session00', 'a chain of 33 nested pid namespaces below the root: the last is at level 33', (i) => {
    let parent = 'pidN';
    for (let l = 1; l <= 33; l++) { i.namespaces.push({ id: `deep${l}`, type: 'pid', parent, level: l, owner: 'user0' }); parent = `deep${l}`; } }],
  PIDNS_OWNER_OUTSIDE_PARENT: ['nested-pidns', 'pidA is owned by user namespace userX, pidB (its child) by userY, a sibling of userX', (i) => {
    i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1 }, { id: 'userY', type: 'user', parent: 'user0', level: 1 });
    ns(i, 'pidA').owner = 'userX'; ns(i, 'pidB').owner = 'userY'; ns(i, 'pidC').owner = 'userY'; }],
  PID_FOR_CHILDREN_NOT_BELOW: ['nested-pidns', 'task 604 (in pidB) has pid_for_children pidA, an ancestor of its own pid namespace', (i) => { np(i, 'nspB-pending').pidForChildren = 'pidA'; }],
  USERNS_MAP_OVERLAP: ['userns-owned', 'the uid map of userA has overlapping inside ranges 0..9 and 5..14', (i) => { ns(i, 'userA').uidMap = [{ inside: 0, outside: 1000, count: 10 }, { inside: 5, outside: 2000, count: 10 }]; }],
  PID_DUPLICATE: ['nested-pidns', 'tasks 603 and 604 both have pid 3 in pidA', (i) => { task(i, 604).pid = [604, 3, 2]; }],
  NSPID_DEPTH: ['nested-pidns', 'task 602 lives in pidA (level 1) but has only one pid number', (i) => { task(i, 602).pid = [602]; }],
  PPID_DANGLING: ['session00', 'task 5 names parent 999, which is not in the image', (i) => { task(i, 5).ppid = 999; }],
  PPID_NOT_PROCESS: ['threads', 'process 310 names thread 301 (of process 300) as its parent', (i) => { for (const x of [310, 311, 312]) task(i, x).ppid = 301; }],
  PROCESS_PARENT_CYCLE: ['session00', '10 and 11 are each other\'s parent', (i) => { task(i, 10).ppid = 11; }],
  CHILD_PIDNS_UNREACHABLE: ['pidns-unshare', 'host task 805 (root pid namespace) is a child of 801, which lives in the child namespace pidU', (i) => {
    i.tasks.push(t(805, 801, 800, 800, { comm: 'escaped' })); }],
  PIDNS_INIT_PARENT_INSIDE: ['pidns-unshare', 'init 801 of pidU has 802, another task of pidU, as its parent', (i) => { task(i, 801).ppid = 802; }],
  SESSION_LEADER_WRONG_GROUP: ['session00', 'session leader 4 sits in group 13 of its session instead of its own group 4', (i) => {
    task(i, 4).pgid = [13]; i.tasks.push(n0(13, 4, 4, 13, { comm: 'grp13' })); }],
  GROUP_SPANS_SESSIONS: ['session00', 'task 9 is in group 2 (session 2) but in session 8', (i) => { task(i, 9).sid = [8]; }],
  SESSION_ID_OWNER_NOT_LEADER: ['session00', '11 is in session 10, but 10 is in session 2 (as if it had called setpgid, not setsid)', (i) => {
    task(i, 10).sid = [2]; task(i, 11).sid = [10]; }],
  GROUP_ID_OWNER_OTHER_SESSION: ['session00', '14 (session 4) is in group 13, but 13 itself is in session 2: it could not have left session 4 while 14 had pgid 13', (i) => {
    i.tasks.push(n0(13, 4, 2, 2, { comm: 'left' }), n0(14, 13, 4, 13, { comm: 'member' })); }],
  ID_VECTOR_MISMATCH: ['nested-pidns', 'task 602 gives session [601] while its leader 601 has pid [601, 1]', (i) => { task(i, 602).sid = [601]; }],
  SESSION_MEMBER_OUTSIDE_LEADER_NS: ['nested-pidns', 'host task 600 (level 0) claims session [601, 1], whose leader 601 lives in the child namespace pidA', (i) => { task(i, 600).sid = [601, 1]; }],
  PIDNS_NO_INIT: ['pidns-unshare', 'pidU has tasks 802 and 803 but its init 801 is gone', (i) => { i.tasks = i.tasks.filter((x) => x.pid[0] !== 801); task(i, 803).ppid = 800; }],
  ZOMBIE_WITH_CHILDREN: ['zombies', 'task 11 still names zombie 10 as its parent', (i) => { task(i, 11).ppid = 10; }],
  THREAD_LEADER_MISSING: ['threads', 'threads 311 and 312 of process 310 without their leader task 310', (i) => { i.tasks = i.tasks.filter((x) => x.pid[0] !== 310); }],
  THREADS_DISAGREE: ['threads', 'thread 301 claims the subreaper flag while its process 300 does not have it', (i) => { task(i, 301).subreaper = true; }],
  THREAD_STATE_IMPOSSIBLE: ['threads', 'non-leader thread 312 is marked "dead"', (i) => { Object.assign(task(i, 312), { state: 'dead', nsproxy: null, files: null, fs: null, mm: null }); }],
  // (402 sharing fs-400 in another MOUNT namespace is reachable on 6.18 through setns(pidfd): the
  // warning FS_SHARED_ACROSS_NS, tested in test/model/rules.test.ts)
  FS_SHARED_ACROSS_USERNS: ['clone-files', '402 shares fs-400 with 400 but is in another user namespace', (i) => {
    i.namespaces.push({ id: 'userX', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 65536 }], gidMap: [{ inside: 0, outside: 0, count: 65536 }] }); task(i, 402).userns = 'userX'; }],
  SIGHAND_WITHOUT_MM: ['clone-files', '404 shares signal handlers with 400 but has its own mm', (i) => { task(i, 404).mm = 'mm-404'; }],
};
for (const [code, [from, what, mutate]] of Object.entries(cases)) {
  const img = base(from);
  mutate(img);
  img.description = `INVALID (${code}): examples/${from}.json where ${what}.`;
  img.source = { kind: 'hand', origin: `examples/${from}.json` };
  writeFileSync(`${dir}/invalid/${code}.json`, dump(img));
}
console.log(Object.keys(cases).length);
