/**
 * Clone-time sharing of an fs_struct relayed by a process that is not its holder in the image
 * (FORK-4, UNSH-1, SETNS-4, EXIT-2, EXIT-3): a thread relay forked after its creator's user-ns
 * switch (relay-switch-first.ts), a zombie relay whose exit comes before a subreaper's flag
 * (zombie-late-subreaper.ts, zombie-relay.ts), and an init forked by the creator's thread that
 * shares with it instead of a maker (build.ts useMaker). Pinned with planWithVariant on generated
 * reachable seeds.
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import { cloneOf, type Clone } from '../helpers/plan-ops.js';

const SHARES = { shares: true } as const;
const ZOMBIE_SHARES = { shares: true, zombieShares: true } as const;

test('49 enters its user ns, then forks 54 with CLONE_FS; 54 forks thread 17 with it and unshares CLONE_FS later (seed 28082)', (t) => {
  const ops = mustPlan(t, 28082, SHARES).ops;
  const sw = ops.findIndex((o) => o.op === 'setns' && o.actor === 't49' && o.file === 'user');
  const c54 = cloneOf(ops, 't54')!;
  t.is(c54.actor, 't49');
  t.true(c54.flags.includes('CLONE_FS'));
  t.true(sw >= 0 && sw < ops.indexOf(c54));
  const th = cloneOf(ops, 't17')!;
  t.true(th.flags.includes('CLONE_FS'));
  const un = ops.findIndex((o) => o.op === 'unshare' && o.actor === 't54' && o.flags.length === 1 && o.flags[0] === 'CLONE_FS');
  t.true(un > ops.indexOf(th));
});

test('5 forks zombie 7 with CLONE_FS, 7 forks 14 with it; 7 exits before 4 becomes a subreaper, so 14 goes past 4 (seed 56411)', (t) => {
  const ops = mustPlan(t, 56411, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't7')!;
  t.is(z.actor, 't5');
  t.true(z.flags.includes('CLONE_FS'));
  const b = cloneOf(ops, 't14')!;
  t.is(b.actor, 't7');
  t.true(b.flags.includes('CLONE_FS'));
  const ex = ops.findIndex((o) => o.op === 'exit' && o.actor === 't7');
  const flag = ops.findIndex((o) => o.op === 'subreaper' && o.actor === 't4' && o.value === true);
  t.true(ex >= 0 && flag > ex);
});

test('26, no longer forked by its sharing sibling 353, forks zombie 31, which forks 353 with CLONE_FS before 26 becomes a subreaper (seed 28638)', (t) => {
  const ops = mustPlan(t, 28638, ZOMBIE_SHARES).ops;
  t.is(cloneOf(ops, 't31')?.actor, 't26');
  const b = cloneOf(ops, 't353')!;
  t.is(b.actor, 't31');
  t.true(b.flags.includes('CLONE_FS'));
  t.not(cloneOf(ops, 't26')?.actor, 't353');
});

test('17 forks zombie 23 in group 3 before leaving it; 23 relays the fs_struct to 44 (seed 78698)', (t) => {
  const ops = mustPlan(t, 78698, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't23')!;
  t.is(z.actor, 't17');
  t.true(z.flags.includes('CLONE_FS'));
  t.is(cloneOf(ops, 't44')?.actor, 't23');
});

test('thread 26 of 8, not a maker, forks init 67 with CLONE_FS|CLONE_NEWPID (seed 43681)', (t) => {
  const ops = mustPlan(t, 43681, SHARES).ops;
  const c = cloneOf(ops, 't67')!;
  t.is(c.actor, 't26');
  t.true(c.flags.includes('CLONE_FS'));
});

test('thread 30 of 18 forks zombie 41 with CLONE_FS, which forks 44 with it (seed 83819)', (t) => {
  const ops = mustPlan(t, 83819, ZOMBIE_SHARES).ops;
  const z = cloneOf(ops, 't41')!;
  t.is(z.actor, 't30');
  t.true(z.flags.includes('CLONE_FS'));
  const b = cloneOf(ops, 't44')!;
  t.is(b.actor, 't41');
  t.true(b.flags.includes('CLONE_FS'));
});
