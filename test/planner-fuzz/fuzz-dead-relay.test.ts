/**
 * Fuzz cases (share-files mutations) that plan since planner/sharing/dead-leader-relay.ts and the born
 * groups of planner/sharing/born-sharer.ts: each plan verifies and replays to the image exactly.
 */
import test from 'ava';
import { verifiedFuzzOps } from './verified-fuzz-plan.js';

test('fuzz 66: dead leader 21 relays the fd table from zombie 4 to 26, unsharing before its leader exits', (t) => {
  const ops = verifiedFuzzOps(t, 66, 'share-files: task 18 files shared with 26');
  const un = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't21' && o.flags.includes('CLONE_FILES'));
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === 't21');
  t.true(un >= 0 && un < ex);
  const fork = ops.findIndex((o) => o.op === 'clone' && o.child === 't26');
  t.true(fork >= 0 && fork < un);
});

test('fuzz 582: dead leader 5 relays the fd table from 4 to 16, unsharing before it forks its thread 6', (t) => {
  const ops = verifiedFuzzOps(t, 582, 'share-files: task 16 files shared with 10');
  const un = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't5' && o.flags.includes('CLONE_FILES'));
  const at = (child: string): number => ops.findIndex((o) => o.op === 'clone' && o.child === child);
  t.true(at('t16') >= 0 && at('t16') < un && un < at('t6'));
});
