/**
 * planner/variants/zombie-birth-needs.ts (re-plan attempt zombieBirthNeeds, with initJoinHelpers):
 * a zombie is born in the namespaces its children can only inherit; a zombie child of a pid-ns
 * init is forked by an init-join helper holding them (SETNS-3, SETNS-7, FORK-3, EXIT-2).
 */
import test from 'ava';
import { initJoinForked } from './init-join-forked.js';
import { cloneOf } from '../helpers/plan-ops.js';

// Seed 31852: zombie 27 (user:1, child of 7, the init of pid:2, in mnt:1) forks 46 with
// CLONE_PARENT in the plan; 46 ends in mnt:0, owned by user:0, which it cannot join. A helper of the restorer
// enters user:1 and forks 27 in mnt:0; 46 inherits it from 27.
test('seed 31852: an init-join helper forks zombie 27 in mnt:0, whose CLONE_PARENT child 46 keeps it', (t) => {
  const { ops, clone } = initJoinForked(t, 31852, { zombieBirthNeeds: true }, 't27', /t46 must enter mnt ns mnt:0 .* no rights over/);
  t.is(ops.find((o) => o.op === 'clone' && o.child === clone.actor)?.actor, 'root', 'the restorer, in mnt:0, forks the helper');
  const c46 = cloneOf(ops, 't46');
  t.is(c46?.actor, 't27');
  t.true(c46!.flags.includes('CLONE_PARENT'), '46 is 7\'s child through CLONE_PARENT');
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't46' && o.file === 'mnt'), '46 joins no mount ns: it is born in mnt:0');
});
