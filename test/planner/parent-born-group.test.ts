/**
 * Re-plan variants parentBornGroups (planner/variants/parent-born-group.ts) and relayBirthMnts
 * (planner/variants/relay-birth-mnt.ts), tried together in SHR_VARIANTS with shares, settledRelays
 * and ownTfc: a process that must be born in a group its parent is in before its setsid is forked
 * there by that parent, the first holder of the fs_struct it shares with a sibling (FORK-4,
 * SID-2, PGID-2); that relay settles its user ns first, forks both with CLONE_FS in its birth
 * mount ns, copies the fs_struct by unshare(CLONE_FS) and makes its own mount ns afterwards
 * (SETNS-3, SETNS-4, UNSH-1, OWN-1).
 */
import test from 'ava';
import { mustPlan } from './seeded.js';
import type { Plan } from '../../planner/plan.js';
import { cloneOf } from '../helpers/plan-ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';

const V = { moves: false, initStop: false, shares: true, settledRelays: true, ownTfc: true, parentBornGroups: true, relayBirthMnts: true } as const;

type Op = Plan['ops'][number] & { actor?: string; flags?: string[] };
const at = (p: Plan, pred: (o: Op) => boolean) => (p.ops as Op[]).findIndex(pred);

test('seed 68118: 11 forks 15 (init of pid:1) and 21 with CLONE_FS before its setsid, then copies its fs_struct and makes mnt:1', (t) => {
  const p = mustPlan(t, 68118, V);
  const c15 = cloneOf(p.ops, 't15');
  const c21 = cloneOf(p.ops, 't21');
  t.is(c15?.actor, 't11', 'the parent forks 15, not its sibling 12 with CLONE_PARENT');
  t.is(c21?.actor, 't11');
  t.true(c15!.flags.includes('CLONE_FS') && c21!.flags.includes('CLONE_FS') && !c21!.flags.includes('CLONE_PARENT'));
  const i21 = p.ops.indexOf(c21!);
  const setsid = at(p, (o) => o.op === 'setsid' && o.actor === 't11');
  const fsCopy = at(p, (o) => o.op === 'unshare' && o.actor === 't11' && o.flags?.length === 1 && o.flags[0] === 'CLONE_FS');
  const newNs = at(p, (o) => o.op === 'unshare' && o.actor === 't11' && (o.flags ?? []).includes('CLONE_NEWNS'));
  const user = at(p, (o) => o.op === 'setns' && o.actor === 't11' && (o as { file?: string }).file === 'user');
  t.true(user >= 0 && user < p.ops.indexOf(c15!), '11 enters user:1 before its CLONE_FS forks');
  t.true(i21 < setsid, '21 is forked before 11 leaves session 5 and group 5');
  t.true(i21 < fsCopy && fsCopy < newNs, '11 copies fs:5 after forking 21 and makes mnt:1 after that');
});

test('planImage gains seed 68118 (a verified plan)', (t) => {
  mustPlan(t, 68118);
});

test('seed 68118 stays undecided without either flag, and on FORK-4 with shares alone', (t) => {
  const img = generateHistory(68118).image;
  const { parentBornGroups: _a, ...noParent } = V;
  const { relayBirthMnts: _b, ...noMnt } = V;
  for (const v of [noParent, noMnt]) t.is(planWithVariant(img, v).kind, 'undecided', JSON.stringify(v));
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /FORK-4/);
});
