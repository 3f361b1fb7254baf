/**
 * Clone-time sharing of an fs_struct through dead thread-group leaders (FORK-4, UNSH-1, SETNS-3):
 * a dead leader at the top of an fs_struct chain (files-relays.ts findFsChainRelays), a dead
 * leader's thread forking a carrier helper after its process's setsid (share-carriers.ts), a dead
 * leader relaying its creator's fs_struct to its threads after that creator's switch
 * (relay-switch-first.ts), and a zombie forking a leader whose later threads keep its fs_struct (dead-leader-fs.ts) and making their mount ns (share-zombies.ts, zombie-mnt-maker.ts).
 * Pinned with planWithVariant on generated reachable seeds.
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

const SHARES = { shares: true } as const;
const ZOMBIE_SHARES = { shares: true, zombieShares: true } as const;
const fsUnshare = (ops: Op[], actor: string): number => ops.findIndex((o) => o.op === 'unshare' && o.actor === actor && o.flags.length === 1 && o.flags[0] === 'CLONE_FS');

test('dead init 17 tops the fs_struct chain 17 -> 27 -> 38 -> 48: both relays fork with CLONE_FS, then unshare(CLONE_FS) (seed 18538)', (t) => {
  const ops = mustPlan(t, 18538, SHARES).ops;
  for (const [actor, child] of [['t17', 't27'], ['t27', 't38'], ['t38', 't48']]) {
    const c = cloneOf(ops, child);
    t.is(c?.actor, actor);
    t.true(c!.flags.includes('CLONE_FS'));
  }
  for (const [relay, child] of [['t27', 't38'], ['t38', 't48']]) {
    const u = fsUnshare(ops, relay);
    t.true(u > ops.indexOf(cloneOf(ops, child)!), `${relay} copies its fs_struct after forking ${child}`);
  }
});

test('thread 26 of dead session leader 15 forks a helper with CLONE_FS after 15\'s setsid; the helper forks 69 with it (seed 21653)', (t) => {
  const ops = mustPlan(t, 21653, SHARES).ops;
  const c69 = cloneOf(ops, 't69')!;
  t.true(c69.actor.startsWith('h') && c69.flags.includes('CLONE_FS'));
  const h = cloneOf(ops, c69.actor)!;
  t.is(h.actor, 't26');
  t.true(h.flags.includes('CLONE_FS'));
  t.true(ops.findIndex((o) => o.op === 'setsid' && o.actor === 't15') < ops.indexOf(h));
});

test('dead leader 39, forked by 27 after 27 entered its user ns, forks thread 21 with CLONE_FS, then unshares CLONE_FS and forks 4 sharing its copy (seed 56248)', (t) => {
  const ops = mustPlan(t, 56248, SHARES).ops;
  const c39 = cloneOf(ops, 't39')!;
  t.is(c39.actor, 't27');
  t.true(c39.flags.includes('CLONE_FS'));
  const c21 = cloneOf(ops, 't21')!;
  t.true(c21.flags.includes('CLONE_FS'));
  const un = fsUnshare(ops, 't39');
  t.true(un > ops.indexOf(c21));
  t.true(ops.indexOf(cloneOf(ops, 't4')!) > un);
});

test('zombie 50 makes mnt:2, then forks dead leader 53 and 76 with CLONE_FS; 53 forks thread 69 with it, 65 without (seed 14201)', (t) => {
  const ops = mustPlan(t, 14201, ZOMBIE_SHARES).ops;
  const mk = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't50' && o.flags.includes('CLONE_NEWNS'));
  t.true(mk >= 0);
  for (const child of ['t53', 't76']) {
    const c = cloneOf(ops, child)!;
    t.is(c.actor, 't50');
    t.true(c.flags.includes('CLONE_FS'));
    t.true(ops.indexOf(c) > mk);
  }
  t.true(cloneOf(ops, 't69')!.flags.includes('CLONE_FS'));
  t.false(cloneOf(ops, 't65')!.flags.includes('CLONE_FS'));
});
