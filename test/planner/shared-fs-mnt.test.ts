/**
 * Re-plan variant sharedFsMnts (planner/variants/shared-fs-mnt.ts), with shares: an fs relay born
 * sharing an fs_struct is in the mount ns of that fs_struct's live holders until its own copy
 * (SETNS-3, UNSH-1), so its joins need not wait for its unshare(CLONE_FS).
 * Seed 106683: thread 7 of 6 forks 14 with CLONE_FS; 14 joins its namespaces, forks 26 (user:1,
 * which cannot join them itself) with CLONE_FS, then copies fs:3 and enters user:3.
 * Seed 103160: 35 forks the dead leader 43 with CLONE_FS; 43 forks thread 53 with CLONE_FS, then
 * copies fs:21 for its thread 50 and its children.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import type { Plan } from '../../planner/plan.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, shares: true } as const;
const V = { ...BASE, sharedFsMnts: true } as const;

type Op = Plan['ops'][number];
const idx = (ops: Op[], pred: (o: Op) => boolean) => ops.findIndex(pred);
const cloneAt = (ops: Op[], actor: string, child: string) => idx(ops, (o) => o.op === 'clone' && o.actor === actor && o.child === child);
const fsUnshareAt = (ops: Op[], actor: string) => idx(ops, (o) => o.op === 'unshare' && o.actor === actor && o.flags.includes('CLONE_FS'));

test('seed 106683: 14, forked with CLONE_FS by thread 7, joins its namespaces and forks 26 with CLONE_FS before its own copy', (t) => {
  const img = generateHistory(106683).image;
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(7).fs, 'fs:3');
  t.is(task(26).fs, 'fs:3');
  t.is(task(26).ppid, 14);
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const born = cloneAt(ops, 't7', 't14');
  const fork = cloneAt(ops, 't14', 't26');
  const copy = fsUnshareAt(ops, 't14');
  t.true(born >= 0 && ops[born].op === 'clone' && ops[born].flags.includes('CLONE_FS'));
  t.true(fork >= 0 && ops[fork].op === 'clone' && ops[fork].flags.includes('CLONE_FS'));
  t.true(born < fork && fork < copy, `born ${born}, fork ${fork}, copy ${copy}`);
  // (its joins before the fork, none of them a mount ns)
  const joins = ops.flatMap((o, i) => (o.op === 'setns' && o.actor === 't14' && o.file !== 'user' ? [{ i, file: o.file }] : []));
  t.true(joins.some((j) => j.i < fork));
  t.false(joins.some((j) => j.file === 'mnt'));
});

test('seed 103160: the dead leader 43, forked with CLONE_FS by 35, forks thread 53 with CLONE_FS before its copy', (t) => {
  const img = generateHistory(103160).image;
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(43).state, 'dead');
  t.is(task(53).tgid, 43);
  t.is(task(53).fs, task(35).fs);
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const born = cloneAt(ops, 't35', 't43');
  const thread = cloneAt(ops, 't43', 't53');
  const copy = fsUnshareAt(ops, 't43');
  t.true(born >= 0 && ops[born].op === 'clone' && ops[born].flags.includes('CLONE_FS'));
  t.true(thread >= 0 && ops[thread].op === 'clone' && ops[thread].flags.includes('CLONE_FS') && ops[thread].flags.includes('CLONE_THREAD'));
  t.true(born < thread && thread < copy, `born ${born}, thread ${thread}, copy ${copy}`);
  t.false(ops.some((o) => o.op === 'setns' && o.actor === 't43' && o.file === 'mnt'));
});

for (const seed of [106683, 103160]) {
  test(`seed ${seed}: without the flag shares stays undecided on the relay's copy before its joins (SETNS-3); planImage gains it`, (t) => {
    const img = generateHistory(seed).image;
    const out = planWithVariant(img, BASE);
    t.is(out.kind, 'undecided');
    t.regex(out.kind === 'undecided' ? out.reason : '', /unshares the fs_struct it passed on" must happen before .* \(SETNS-3\)/);
    mustPlanImage(t, img);
  });
}
