// Generator of the bundled examples (examples/*.json) and of examples/invalid/*.json, kept for
// reproducibility: `node test/model/gen/examples.mjs examples && node test/model/gen/invalid.mjs examples`.
// The JSON files are the product (hand-checked); edit them and this generator together.
import { writeFileSync } from 'node:fs';
import { t, image, hostNamespaces, nsproxy, dump } from './lib.mjs';
const out = process.argv[2];
const W = (name, img) => writeFileSync(`${out}/${name}.json`, dump(img));
const hostNp = [nsproxy('nsp0')];

// container namespace set: root user ns external (host), container user ns C, own pid ns (level 0, not external)
function containerNs(o = {}) {
  return [
    { id: 'user0', type: 'user', external: true, level: 0, uidMap: [{ inside: 0, outside: 0, count: 4294967295 }], gidMap: [{ inside: 0, outside: 0, count: 4294967295 }] },
    { id: 'userC', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 100000, count: 65536 }], gidMap: [{ inside: 0, outside: 100000, count: 65536 }] },
    { id: 'pidC', type: 'pid', external: false, level: 0, owner: 'userC' },
    { id: 'utsC', type: 'uts', owner: 'userC', hostname: o.hostname ?? 'ctr', domainname: '(none)' },
    { id: 'ipcC', type: 'ipc', owner: 'userC' },
    { id: 'mntC', type: 'mnt', owner: 'userC' },
    { id: 'netC', type: 'net', owner: 'userC' },
    { id: 'cgroupC', type: 'cgroup', owner: 'userC' },
    { id: 'time0', type: 'time', external: true, owner: 'user0', offsets: { monotonic: 0, boottime: 0 } },
  ];
}
const cnp = (id, o = {}) => nsproxy(id, { uts: 'utsC', ipc: 'ipcC', mnt: 'mntC', net: 'netC', cgroup: 'cgroupC', pidForChildren: 'pidC', ...o });
const ct = (pid, ppid, sid, pgid, o = {}) => t(pid, ppid, sid, pgid, { pidns: 'pidC', userns: 'userC', ...(o.state === 'zombie' ? {} : { nsproxy: 'nspC' }), ...o });

// ---------------------------------------------------------------- session00 (zdtm static/session00.c, its tree comment)
// SID PID: 2 2 root; 4 4 NEWSID; 2 5 plain; 8 8 -> 2 9 CHANGESID; 10 10 -> 11 11 -> 2 12 DOUBLE_CHANGESID;
// 2 3 DETACH (reparented to init); 6 7 DETACH|NEWSID (6 called setsid, forked 7, exited).
function session00Tasks(mk, rootPpid, orphanPpid, n = (x) => x) {
  return [
    mk(n(2), rootPpid, n(2), n(2), { comm: 'session00' }),
    mk(n(4), n(2), n(4), n(4), { comm: 'newsid' }),
    mk(n(5), n(2), n(2), n(2), { comm: 'plain' }),
    mk(n(8), n(2), n(8), n(8), { comm: 'changesid' }),
    mk(n(9), n(8), n(2), n(2), { comm: 'changesid-child' }),
    mk(n(10), n(2), n(10), n(10), { comm: 'double-1' }),
    mk(n(11), n(10), n(11), n(11), { comm: 'double-2' }),
    mk(n(12), n(11), n(2), n(2), { comm: 'double-child' }),
    mk(n(3), orphanPpid, n(2), n(2), { comm: 'detach' }),
    mk(n(7), orphanPpid, n(6), n(6), { comm: 'detach-newsid' }),
  ];
}
const S00 = 'zdtm session00: root 2 (setsid) and its cases: 4 called setsid (NEWSID); 5 plain child; 8 forked 9 then called setsid, so 9 keeps session 2 (CHANGESID); ' +
  '10 forked 11 and called setsid, 11 forked 12 and called setsid, so 12 keeps session 2 (DOUBLE_CHANGESID); 3 was forked by a child that exited (DETACH); ' +
  '7 was forked by 6 after 6 called setsid, then 6 exited, so 7 lives in session 6 / group 6 without a leader (DETACH|NEWSID).';
// plain pid ns variant: zdtm "ns" flavour, under its init 1, root user namespace
W('session00', image(
  `${S00} This is the "ns" flavour: a new pid namespace (image level 0, not external) whose init 1 reaps the detached children 3 and 7; user namespace of the host.`,
  [t(1, 0, 1, 1, { comm: 'init', pidns: 'pidN' , nsproxy: 'nspN' }),
    ...session00Tasks((pid, ppid, sid, pgid, o) => t(pid, ppid, sid, pgid, { pidns: 'pidN', nsproxy: 'nspN', ...o }), 1, 1)],
  [nsproxy('nspN', { pidForChildren: 'pidN', net: 'netN', uts: 'utsN', ipc: 'ipcN', mnt: 'mntN' })],
  [...hostNamespaces().filter((x) => x.id !== 'pid0'),
    { id: 'pidN', type: 'pid', external: false, level: 0, owner: 'user0' },
    { id: 'netN', type: 'net', owner: 'user0' }, { id: 'utsN', type: 'uts', owner: 'user0', hostname: 'zdtm', domainname: '(none)' },
    { id: 'ipcN', type: 'ipc', owner: 'user0' }, { id: 'mntN', type: 'mnt', owner: 'user0' }]));
// host flavour: host pids, the test root's parent and the orphans' reaper (host init) are outside the image
W('session00-host', image(
  `${S00} This is the "h" (host) flavour with host pids 4002..4012 (pid n of the zdtm tree is 4000+n): the root's parent (the test harness) and the reaper of 4003 and 4007 (host init) are outside the image (ppid 0).`,
  session00Tasks(t, 0, 0, (x) => 4000 + x), hostNp, hostNamespaces()));
// user-ns flavour: container with its own user namespace
W('session00-userns', image(
  `${S00} This is the "uns" flavour: pid namespace and all other namespaces owned by user namespace userC (uid 0 -> 100000), under init 1.`,
  [ct(1, 0, 1, 1, { comm: 'init' }), ...session00Tasks(ct, 1, 1)], [cnp('nspC')], containerNs()));

// ---------------------------------------------------------------- session01
// (pid, ppid, sid, born_sid, pgid, alive) from prior-art section 11; dead rows are absent; children of
// dead 13 and 6 (3 and 14) are reparented to init 1.
const rows = [
  [2, 1, 2, 1, 2, 1], [4, 2, 4, 2, 4, 1], [15, 4, 4, 4, 15, 1], [16, 4, 4, 4, 15, 1], [17, 4, 4, 4, 17, 0], [18, 4, 4, 4, 17, 1],
  [5, 2, 2, 2, 2, 1], [8, 2, 8, 2, 8, 1], [9, 8, 2, 2, 2, 1], [10, 2, 10, 2, 10, 1], [11, 10, 11, 2, 11, 1], [12, 11, 2, 2, 2, 1],
  [13, 2, 2, 2, 2, 0], [3, 13, 2, 2, 2, 1], [6, 2, 6, 2, 6, 0], [14, 6, 6, 6, 6, 1],
];
const alive = new Set(rows.filter((r) => r[5]).map((r) => r[0]));
W('session01', image(
  'zdtm session01: the 16-task table (pid/ppid/sid/born_sid/pgid/alive) of prior-art section 11 under an init (pid 1, session 1) in its own pid namespace. ' +
  'Rows 17, 13 and 6 are dead at checkpoint and absent: 18 stays in group 17 whose leader is gone; 3 (created by 13) and 14 (created by 6) were reparented to init 1; ' +
  '14 keeps session 6 and group 6 whose leader is gone. born_sid is not part of the image: 9, 12 (born in session 2 before their parents called setsid) show it as sid 2 under a parent in another session.',
  [ct(1, 0, 1, 1, { comm: 'init' }),
    ...rows.filter((r) => r[5]).map(([pid, ppid, sid, , pgid]) => ct(pid, alive.has(ppid) || ppid === 1 ? ppid : 1, sid, pgid, { comm: `t${pid}` }))],
  [cnp('nspC')], containerNs()));

// ---------------------------------------------------------------- zombies
W('zombies', image(
  'Zombies in a container: 5 is a parent that never waits; its zombie children exited with code 0 (6), code 3 (7), SIGKILL (8), SIGSEGV with core (9). ' +
  '10 is a zombie group leader: it did setpgid(0,0), forked 11 and exited; 11 was reparented to init and stays in group 10. ' +
  '20 is a zombie session leader: it called setsid, forked 21 and exited; 21 (reparented to init) is a live member of session 20 and group 20. ' +
  'Zombies keep their pid, pgid, sid, pid and user namespace but no nsproxy, files, fs or mm.',
  [
    ct(1, 0, 1, 1, { comm: 'init' }),
    ct(5, 1, 1, 1, { comm: 'nowait' }),
    ct(6, 5, 1, 1, { state: 'zombie', exit: { code: 0 }, comm: 'exit0' }),
    ct(7, 5, 1, 1, { state: 'zombie', exit: { code: 3 }, comm: 'exit3' }),
    ct(8, 5, 1, 1, { state: 'zombie', exit: { signal: 9 }, comm: 'killed' }),
    ct(9, 5, 1, 1, { state: 'zombie', exit: { signal: 11, core: true }, comm: 'segv' }),
    ct(10, 5, 1, 10, { state: 'zombie', exit: { code: 1 }, comm: 'grp-leader' }),
    ct(11, 1, 1, 10, { comm: 'grp-member' }),
    ct(20, 5, 20, 20, { state: 'zombie', exit: { code: 0 }, comm: 'sess-leader' }),
    ct(21, 1, 20, 20, { comm: 'sess-member' }),
  ], [cnp('nspC')], containerNs()));

// ---------------------------------------------------------------- subreaper
W('subreaper', image(
  'A child subreaper on the host: 200 (a service manager that called setsid and PR_SET_CHILD_SUBREAPER) forked 201, which forked 202 and exited; ' +
  '202 was reparented to 200, not to host init. 203 is a normal child with its own child 204 (not a subreaper). 205 sits in group 205 of session 200. ' +
  'The subreaper flag of 204 is unknown (null), as /proc cannot tell it.',
  [
    t(200, 0, 200, 200, { comm: 'svcmgr', subreaper: true }),
    t(202, 200, 200, 200, { comm: 'orphan' }),
    t(203, 200, 200, 200, { comm: 'worker' }),
    t(204, 203, 200, 200, { comm: 'helper', subreaper: null }),
    t(205, 200, 200, 205, { comm: 'job' }),
  ], hostNp, hostNamespaces()));

// ---------------------------------------------------------------- threads
W('threads', image(
  'Threads on the host. 300 has threads 301 and 302 sharing files, fs, sighand and mm; thread 302 called unshare(CLONE_NEWUTS), so it has its own nsproxy and uts namespace (per-thread namespaces). ' +
  '310 (a child of 300) is a process whose leader thread exited (state "dead") while threads 311 and 312 live on; the dead leader keeps the group\'s signal handlers but no mm, files, fs or nsproxy.',
  [
    t(300, 0, 300, 300, { comm: 'mt' }),
    t(301, 0, 300, 300, { tgid: 300, comm: 'mt-worker', files: 'files-300', fs: 'fs-300', sighand: 'sighand-300', mm: 'mm-300' }),
    t(302, 0, 300, 300, { tgid: 300, comm: 'mt-uts', nsproxy: 'nsp-302', files: 'files-300', fs: 'fs-300', sighand: 'sighand-300', mm: 'mm-300' }),
    t(310, 300, 300, 300, { state: 'dead', comm: 'deadlead', sighand: 'sighand-310' }),
    t(311, 300, 300, 300, { tgid: 310, comm: 'thr1', files: 'files-310', fs: 'fs-310', sighand: 'sighand-310', mm: 'mm-310' }),
    t(312, 300, 300, 300, { tgid: 310, comm: 'thr2', files: 'files-310', fs: 'fs-310', sighand: 'sighand-310', mm: 'mm-310' }),
  ],
  [nsproxy('nsp0'), nsproxy('nsp-302', { uts: 'uts-302' })],
  [...hostNamespaces(), { id: 'uts-302', type: 'uts', owner: 'user0', hostname: 'thread-302', domainname: '(none)' }]));

// ---------------------------------------------------------------- clone sharing
W('clone-files', image(
  'Clone-time sharing between processes on the host. 400 created 401 with clone(CLONE_FILES) (one fd table, files-400), 402 with clone(CLONE_FS) (one fs_struct: same mount and user namespace), ' +
  '403 with vfork (CLONE_VM|CLONE_VFORK: shares mm-400 until it execs or exits) and 404 with clone(CLONE_SIGHAND|CLONE_VM) (shares handlers and address space without being a thread). ' +
  '405 is a child of 401 created with CLONE_FILES, so three processes share files-400.',
  [
    t(400, 0, 400, 400, { comm: 'sharer' }),
    t(401, 400, 400, 400, { comm: 'files', files: 'files-400' }),
    t(402, 400, 400, 400, { comm: 'fs', fs: 'fs-400' }),
    t(403, 400, 400, 400, { comm: 'vfork', mm: 'mm-400' }),
    t(404, 400, 400, 400, { comm: 'sighand', sighand: 'sighand-400', mm: 'mm-400' }),
    t(405, 401, 400, 400, { comm: 'files2', files: 'files-400' }),
  ], hostNp, hostNamespaces()));

// ---------------------------------------------------------------- user ns owning net/uts
W('userns-owned', image(
  'Several net and uts namespaces owned by nested user namespaces. Host shell 500 (uid 1000) created 501 with clone(CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWUTS): userA (uid 0 -> 1000) owns netA and utsA. ' +
  '501 forked 502 (keeps netA, utsA), then unshare(CLONE_NEWNET) (netA2, owned by userA), then forked 503 with clone(CLONE_NEWUTS) (utsA3). ' +
  '502 created 504 with clone(CLONE_NEWUSER|CLONE_NEWNET): userB (level 2) owns netB; 504 then unshare(CLONE_NEWUTS): utsB owned by userB.',
  [
    t(500, 0, 500, 500, { comm: 'bash' }),
    t(501, 500, 500, 500, { comm: 'nsowner', userns: 'userA', nsproxy: 'nsp-501' }),
    t(502, 501, 500, 500, { comm: 'keeper', userns: 'userA', nsproxy: 'nsp-502' }),
    t(503, 501, 500, 500, { comm: 'uts3', userns: 'userA', nsproxy: 'nsp-503' }),
    t(504, 502, 500, 500, { comm: 'inner', userns: 'userB', nsproxy: 'nsp-504' }),
  ],
  [nsproxy('nsp0'), nsproxy('nsp-501', { net: 'netA2', uts: 'utsA' }), nsproxy('nsp-502', { net: 'netA', uts: 'utsA' }),
    nsproxy('nsp-503', { net: 'netA2', uts: 'utsA3' }), nsproxy('nsp-504', { net: 'netB', uts: 'utsB' })],
  [...hostNamespaces(),
    { id: 'userA', type: 'user', parent: 'user0', level: 1, ownerUid: 1000, uidMap: [{ inside: 0, outside: 1000, count: 1 }], gidMap: [{ inside: 0, outside: 1000, count: 1 }] },
    { id: 'userB', type: 'user', parent: 'userA', level: 2, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 1 }], gidMap: [{ inside: 0, outside: 0, count: 1 }] },
    { id: 'netA', type: 'net', owner: 'userA' }, { id: 'netA2', type: 'net', owner: 'userA' }, { id: 'netB', type: 'net', owner: 'userB' },
    { id: 'utsA', type: 'uts', owner: 'userA', hostname: 'a', domainname: '(none)' },
    { id: 'utsA3', type: 'uts', owner: 'userA', hostname: 'a3', domainname: '(none)' },
    { id: 'utsB', type: 'uts', owner: 'userB', hostname: 'b', domainname: '(none)' },
  ]));

// ---------------------------------------------------------------- nested pid ns
W('nested-pidns', image(
  'Nested pid namespaces with a pending pid_for_children. Host 600 (session 600) created 601 with clone(CLONE_NEWPID): init of pidA (level 1), which called setsid (sid [601, 1]). ' +
  '601 forked 602 ([602, 2]), which created 603 with clone(CLONE_NEWPID): init of pidB (level 2, [603, 3, 1]); 603 forked 604 ([604, 4, 2]). ' +
  '604 then called unshare(CLONE_NEWPID): pidC (level 3) exists as its pid_for_children but has no task yet (its first child will be pid 1 there). ' +
  '603 and 604 are in session [601, 1], which has no number in pidB (NSsid shows 0 inside).',
  [
    t(600, 0, 600, 600, { comm: 'host' }),
    t([601, 1], 600, [601, 1], [601, 1], { pidns: 'pidA', nsproxy: 'nspA', comm: 'initA' }),
    t([602, 2], 601, [601, 1], [601, 1], { pidns: 'pidA', nsproxy: 'nspA', comm: 'a2' }),
    t([603, 3, 1], 602, [601, 1], [601, 1], { pidns: 'pidB', nsproxy: 'nspB', comm: 'initB' }),
    t([604, 4, 2], 603, [601, 1], [601, 1], { pidns: 'pidB', nsproxy: 'nspB-pending', comm: 'unsharer' }),
  ],
  [nsproxy('nsp0'), nsproxy('nspA', { pidForChildren: 'pidA' }), nsproxy('nspB', { pidForChildren: 'pidB' }), nsproxy('nspB-pending', { pidForChildren: 'pidC' })],
  [...hostNamespaces(),
    { id: 'pidA', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' },
    { id: 'pidB', type: 'pid', parent: 'pidA', level: 2, owner: 'user0' },
    { id: 'pidC', type: 'pid', parent: 'pidB', level: 3, owner: 'user0' },
  ]));

// ---------------------------------------------------------------- unshare(NEWPID) parent with two children
W('pidns-unshare', image(
  'unshare(CLONE_NEWPID) on the host: 800 called it, so pidU is its pid_for_children while 800 itself stays in the host namespace. ' +
  'Its first child 801 became pid 1 (init) of pidU; its second child 802 got pid 2 there with its parent outside (getppid() = 0 inside). ' +
  '801 forked 803 ([803, 3]).',
  [
    t(800, 0, 800, 800, { comm: 'unsharer', nsproxy: 'nsp-800' }),
    t([801, 1], 800, 800, 800, { pidns: 'pidU', nsproxy: 'nspU', comm: 'initU' }),
    t([802, 2], 800, 800, 800, { pidns: 'pidU', nsproxy: 'nspU', comm: 'second' }),
    t([803, 3], 801, 800, 800, { pidns: 'pidU', nsproxy: 'nspU', comm: 'grandchild' }),
  ],
  [nsproxy('nsp0'), nsproxy('nsp-800', { pidForChildren: 'pidU' }), nsproxy('nspU', { pidForChildren: 'pidU' })],
  [...hostNamespaces(), { id: 'pidU', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' }]));

// ---------------------------------------------------------------- time namespaces
const H = 3600e9;
W('timens', image(
  'Nested time namespaces. Host 700 called unshare(CLONE_NEWTIME): timeA (monotonic +1h) is its time_for_children while 700 stays in the host time namespace. ' +
  '700 forked 701, which entered timeA. 701 created 702 with clone(CLONE_NEWUSER) (userT); 702 called unshare(CLONE_NEWTIME): timeB, owned by userT, offsets +1 day, ' +
  'pending for 702 itself; its child 703 lives in timeB.',
  [
    t(700, 0, 700, 700, { comm: 'host', nsproxy: 'nsp-700' }),
    t(701, 700, 700, 700, { comm: 'in-timeA', nsproxy: 'nspA' }),
    t(702, 701, 700, 700, { comm: 'userT', userns: 'userT', nsproxy: 'nsp-702' }),
    t(703, 702, 700, 700, { comm: 'in-timeB', userns: 'userT', nsproxy: 'nspB' }),
  ],
  [nsproxy('nsp0'), nsproxy('nsp-700', { timeForChildren: 'timeA' }), nsproxy('nspA', { time: 'timeA', timeForChildren: 'timeA' }),
    nsproxy('nsp-702', { time: 'timeA', timeForChildren: 'timeB' }), nsproxy('nspB', { time: 'timeB', timeForChildren: 'timeB' })],
  [...hostNamespaces(),
    { id: 'userT', type: 'user', parent: 'user0', level: 1, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 65536 }], gidMap: [{ inside: 0, outside: 0, count: 65536 }] },
    { id: 'timeA', type: 'time', owner: 'user0', offsets: { monotonic: H, boottime: 0 } },
    { id: 'timeB', type: 'time', owner: 'userT', offsets: { monotonic: 24 * H, boottime: 24 * H } },
  ]));

// ---------------------------------------------------------------- per-thread namespaces
W('per-thread-ns', image(
  'Per-thread namespaces on the host. Process 900 has three threads: 901 called unshare(CLONE_NEWNET) (own nsproxy, netT owned by the host user namespace); ' +
  '902 called setns() into pid namespace pidS (a child namespace created earlier by 910), so only its pid_for_children changed. ' +
  '910 was created by 900 with clone(CLONE_NEWPID) and is init of pidS; it has a child 911.',
  [
    t(900, 0, 900, 900, { comm: 'mt' }),
    t(901, 0, 900, 900, { tgid: 900, comm: 'mt-net', nsproxy: 'nsp-901', files: 'files-900', fs: 'fs-900', sighand: 'sighand-900', mm: 'mm-900' }),
    t(902, 0, 900, 900, { tgid: 900, comm: 'mt-pid', nsproxy: 'nsp-902', files: 'files-900', fs: 'fs-900', sighand: 'sighand-900', mm: 'mm-900' }),
    t([910, 1], 900, 900, 900, { pidns: 'pidS', nsproxy: 'nspS', comm: 'initS' }),
    t([911, 2], 910, 900, 900, { pidns: 'pidS', nsproxy: 'nspS', comm: 'childS' }),
  ],
  [nsproxy('nsp0'), nsproxy('nsp-901', { net: 'netT' }), nsproxy('nsp-902', { pidForChildren: 'pidS' }), nsproxy('nspS', { pidForChildren: 'pidS' })],
  [...hostNamespaces(), { id: 'netT', type: 'net', owner: 'user0' }, { id: 'pidS', type: 'pid', parent: 'pid0', level: 1, owner: 'user0' }]));

// ---------------------------------------------------------------- container
W('container', image(
  'A container-like tree: own pid namespace (image level 0, not external) and user namespace userC. init 1 (a tini-like init). ' +
  'bash 10 (setsid) with jobs: pipeline 11|12 (group 11, running) and 13 (group 13, stopped by SIGTSTP). sh 20 (setsid) with job 21. ' +
  'Daemon 32 double-forked: 31 called setsid, forked 32 and exited, so 32 (and its worker 33) live in session 31 / group 31 without a leader, parented to init. ' +
  'Daemon 41 via daemon(3): 40 forked, called setsid and exited after forking 41. ' +
  'Sidecar 50 was created by init with clone(CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNS) and exec\'d: init of pidS ([50, 1]), setsid, with its own child 51 ([51, 2]).',
  [
    ct(1, 0, 1, 1, { comm: 'tini', execed: true }),
    ct(10, 1, 10, 10, { comm: 'bash', execed: true }),
    ct(11, 10, 10, 11, { comm: 'grep', execed: true }),
    ct(12, 10, 10, 11, { comm: 'less', execed: true }),
    ct(13, 10, 10, 13, { state: 'stopped', stopSignal: 20, comm: 'vim', execed: true }),
    ct(20, 1, 20, 20, { comm: 'sh', execed: true }),
    ct(21, 20, 20, 21, { comm: 'make', execed: true }),
    ct(32, 1, 31, 31, { comm: 'sshd', execed: true }),
    ct(33, 32, 31, 31, { comm: 'sshd-worker' }),
    ct(41, 1, 40, 40, { comm: 'crond', execed: true }),
    ct([50, 1], 1, [50, 1], [50, 1], { pidns: 'pidS', nsproxy: 'nspS', comm: 'sidecar', execed: true }),
    ct([51, 2], 50, [50, 1], [50, 1], { pidns: 'pidS', nsproxy: 'nspS', comm: 'sidecar-child' }),
  ],
  [cnp('nspC'), cnp('nspS', { uts: 'utsS', ipc: 'ipcS', mnt: 'mntS', net: 'netS', pidForChildren: 'pidS' })],
  [...containerNs(),
    { id: 'pidS', type: 'pid', parent: 'pidC', level: 1, owner: 'userC' },
    { id: 'utsS', type: 'uts', owner: 'userC', hostname: 'sidecar', domainname: '(none)' },
    { id: 'ipcS', type: 'ipc', owner: 'userC' }, { id: 'mntS', type: 'mnt', owner: 'userC' }, { id: 'netS', type: 'net', owner: 'userC' },
  ]));
