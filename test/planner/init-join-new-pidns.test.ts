/**
 * planner/variants/init-join-new-pidns.ts (re-plan attempt initJoinNewPidns, with initJoinHelpers):
 * an init-join helper forks a pid-ns init's child that makes its own pid ns with CLONE_NEWPID
 * (OWN-1, SETNS-7, EXIT-2).
 */
import test from 'ava';
import { initJoinForked } from './init-join-forked.js';

// Seed 54784: 59, init of pid:9 (owned by user:1), child of init 5 (born in user:1), ends in
// ipc:1 owned by user:0: a helper holding it forks 59 with CLONE_NEWPID and exits.
test('seed 54784: an init-join helper forks 59 with CLONE_NEWPID', (t) => {
  const { clone } = initJoinForked(t, 54784, { initJoinNewPidns: true }, 't59', /t59 must enter ipc ns ipc:1 .* no rights over/);
  t.true(clone.flags.includes('CLONE_NEWPID'));
});
