/**
 * planner/variants/stand-in-fs-switch.ts (re-plan variant standInFsFirst): a zombie standing in for the
 * fs_struct its CLONE_FS child shares forks that child, of an upper user ns, before its own
 * unshare(CLONE_NEWUSER), which copies the zombie's fs_struct (UNSH-1, SETNS-4).
 */
import test from 'ava';
import type { Op } from '../../executor/ops.js';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

const at = (ops: Op[], pred: (o: Op) => boolean): number => ops.findIndex(pred);

// Seed 33596: zombie 8 (user:1), forked by 4 with CLONE_FS, forks 231 (user:0) with CLONE_FS so
// that 231 shares 4's fs:0; 8 then makes user:1. The first attempt had 231 forked after 8's
// switch, born in user:1.
test('seed 33596: zombie 8 forks 231 with CLONE_FS before it unshares user:1', (t) => {
  const first = planWithVariant(generateHistory(33596).image, {});
  t.regex(first.kind === 'undecided' ? first.reason : first.kind, /task 231 would be born in user ns user:1 .* cannot move back up to user:0/);
  const ops = mustPlan(t, 33596, { standInFsFirst: true }).ops;
  const c231 = at(ops, (o) => o.op === 'clone' && o.child === 't231');
  t.is((ops[c231] as { actor: string }).actor, 't8');
  t.true(c231 >= 0 && (ops[c231] as { flags: string[] }).flags.includes('CLONE_FS'), '231 shares the stand-in fs_struct');
  const sw = at(ops, (o) => o.op === 'unshare' && o.actor === 't8' && o.flags.includes('CLONE_NEWUSER'));
  t.true(sw > c231, '8 unshares its user ns after forking 231');
});
