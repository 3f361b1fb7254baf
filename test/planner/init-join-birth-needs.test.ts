/**
 * planner/variants/init-join-birth-needs.ts (re-plan attempt initJoinBirthNeeds, with
 * initJoinHelpers): a pid-ns init's child puts no birth needs on the init; an init-join helper
 * forks it with what the init cannot give it (FORK-7, SETNS-7, EXIT-2).
 */
import test from 'ava';
import { initJoinForked } from './init-join-forked.js';

// Seed 76913: init 28 (user:2) ends in ipc:1 (owned by user:0); its child 288 needs ipc:0. 28 is
// born in ipc:1, and a helper in ipc:0 enters user:2 and forks 288, then exits.
test('seed 76913: 28 keeps ipc:1 from birth and an init-join helper forks its child 288', (t) => {
  const { ops } = initJoinForked(t, 76913, { initJoinBirthNeeds: true }, 't288', /t28 must enter ipc ns ipc:1 .* no rights over/);
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't28' && o.file === 'ipc'), '28 joins no ipc ns: it is born in ipc:1');
});
