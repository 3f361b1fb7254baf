/**
 * Re-plan variants for generated states with credential switches (generateHistory(seed,
 * { setids: true })) that every earlier attempt left undecided: rootEuidExec
 * (planner/variants/root-euid-exec.ts), fsSourceJoins (fs-source-join.ts), initsOnTheWay
 * (init-on-the-way.ts, with dumpable), and two combinations of existing variants (extended
 * with dumpable, shares with timeMakers). Each test asserts the seed is undecided without the
 * variant, planned and verified with it, and the ordering the construction makes.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';

type Op = { op: string; actor: string; child?: string; target?: string; file?: string; flags?: string[]; setTid?: number[]; value?: boolean };

function mustPlanSetids(t: ExecutionContext, seed: number, variant: Partial<Variant>, without: Partial<Variant>[]): Op[] {
  const img = generateHistory(seed, { setids: true }).image;
  for (const w of without) t.is(planWithVariant(img, w).kind, 'undecided', `undecided with ${JSON.stringify(w)} alone`);
  const out = planWithVariant(img, variant);
  if (out.kind !== 'plan') return t.fail(`seed ${seed}: expected a plan, got ${out.kind}: ${JSON.stringify(out).slice(0, 300)}`) as never;
  t.true(out.plan.summary.verified, 'the plan must be verified on the simulated kernel');
  return out.plan.ops as unknown as Op[];
}
const at = (ops: Op[], p: (o: Op) => boolean): number => ops.findIndex(p);

test('setids seed 298 (rootEuidExec): 3 execve\'s, makes time:1, forks init 31 with CLONE_NEWUSER from user:0, then makes user:1', (t) => {
  const ops = mustPlanSetids(t, 298, { rootEuidExec: true }, [{}, { execCaps: true }]);
  const ex = at(ops, (o) => o.op === 'execve' && o.actor === 't3');
  const time = at(ops, (o) => o.op === 'unshare' && o.actor === 't3' && !!o.flags?.includes('CLONE_NEWTIME'));
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't3' && o.child === 't31');
  const sw = at(ops, (o) => o.op === 'unshare' && o.actor === 't3' && !!o.flags?.includes('CLONE_NEWUSER'));
  t.true(ex >= 0 && ex < time && time < fork && fork < sw, `execve ${ex} < time ${time} < fork 31 ${fork} < switch ${sw}`);
  t.deepEqual(ops[fork].flags, ['CLONE_NEWUSER', 'CLONE_NEWPID']);
  // its other children, with set_tid after the execve, which kept the capabilities (uid 0 of user:0)
  const kid = at(ops, (o) => o.op === 'clone' && o.actor === 't3' && o.child === 't14');
  t.true(kid > ex && (ops[kid].setTid?.length ?? 0) > 0, `child 14 (${kid}) after execve ${ex}, with set_tid`);
});

test('setids seed 338 (fsSourceJoins): helper h3 enters user:2 before forking 9 and 20 with CLONE_FS; neither switches user ns', (t) => {
  const ops = mustPlanSetids(t, 338, { fsSourceJoins: true }, [{}, { shares: true }]);
  const join = at(ops, (o) => o.op === 'setns' && o.actor === 'h3' && o.file === 'user');
  const f9 = at(ops, (o) => o.op === 'clone' && o.actor === 'h3' && o.child === 't9');
  const f20 = at(ops, (o) => o.op === 'clone' && o.actor === 'h3' && o.child === 't20');
  t.true(join >= 0 && join < f9 && f9 < f20, `join ${join} < fork 9 ${f9} < fork 20 ${f20}`);
  t.true(!!ops[f9].flags?.includes('CLONE_FS') && !!ops[f20].flags?.includes('CLONE_FS'));
  t.false(ops.some((o) => (o.actor === 't9' || o.actor === 't20') && o.op === 'setns' && o.file === 'user'));
});

test('setids seed 518 (initsOnTheWay + dumpable): 7 enters user:1, forks init 20 with CLONE_NEWPID|CLONE_FILES, then makes user:2', (t) => {
  const ops = mustPlanSetids(t, 518, { initsOnTheWay: true, dumpable: true }, [{}, { dumpable: true }]);
  const mid = at(ops, (o) => o.op === 'setns' && o.actor === 't7' && o.file === 'user');
  const fork = at(ops, (o) => o.op === 'clone' && o.actor === 't7' && o.child === 't20');
  const sw = at(ops, (o) => o.op === 'unshare' && o.actor === 't7' && !!o.flags?.includes('CLONE_NEWUSER'));
  t.true(mid >= 0 && mid < fork && fork < sw, `enter user:1 ${mid} < fork 20 ${fork} < make user:2 ${sw}`);
  t.true(!!ops[fork].flags?.includes('CLONE_NEWPID') && !!ops[fork].flags?.includes('CLONE_FILES'));
  t.true(ops.some((o, i) => i > mid && o.op === 'setresuid' && o.actor === 't7'), 'takes uid 1000 after the fork');
});

test('setids seed 724 (extended + dumpable): 53 makes itself dumpable after entering user:1, so 56 joins mnt:3 through it', (t) => {
  const ops = mustPlanSetids(t, 724, { extended: true, dumpable: true }, [{}, { extended: true }, { dumpable: true }]);
  const sw = at(ops, (o) => o.op === 'setns' && o.actor === 't53' && o.file === 'user');
  const dump = at(ops, (o) => o.op === 'set-dumpable' && o.actor === 't53');
  const join = at(ops, (o) => o.op === 'setns' && o.actor === 't56' && o.file === 'mnt' && o.target === 't53');
  t.true(sw >= 0 && sw < dump && dump < join, `switch ${sw} < dumpable ${dump} < 56 joins mnt:3 ${join}`);
});

test('setids seed 859 (shares + timeMakers): 12 passes fs:4 to its thread 50, then copies it by unshare(CLONE_FS); 43 makes user:6 and time:2', (t) => {
  const ops = mustPlanSetids(t, 859, { shares: true, timeMakers: true }, [{}, { shares: true }, { timeMakers: true }]);
  const f12 = at(ops, (o) => o.op === 'clone' && o.actor === 't10' && o.child === 't12');
  const th = at(ops, (o) => o.op === 'clone' && o.actor === 't12' && o.child === 't50');
  const copy = at(ops, (o) => o.op === 'unshare' && o.actor === 't12' && o.flags?.length === 1 && o.flags[0] === 'CLONE_FS');
  t.true(f12 >= 0 && f12 < th && th < copy, `fork 12 ${f12} < thread 50 ${th} < unshare(CLONE_FS) ${copy}`);
  t.true(!!ops[f12].flags?.includes('CLONE_FS') && !!ops[th].flags?.includes('CLONE_FS'));
  const user = at(ops, (o) => o.op === 'unshare' && o.actor === 't43' && !!o.flags?.includes('CLONE_NEWUSER'));
  const time = at(ops, (o) => o.op === 'unshare' && o.actor === 't43' && !!o.flags?.includes('CLONE_NEWTIME'));
  t.true(user >= 0 && user < time, `43 makes user:6 ${user} then time:2 ${time}`);
});

test('the five setids seeds are planned by planImage (the variants appended last)', (t) => {
  for (const seed of [298, 338, 518, 724, 859]) {
    const out = planImage(generateHistory(seed, { setids: true }).image);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind === 'plan') t.true(out.plan.summary.verified, `seed ${seed} verified`);
  }
});

test('base seeds 34377, 43686 (shares + timeMakers, no credential switches): planned by the appended entry, undecided with either alone', (t) => {
  for (const seed of [34377, 43686]) {
    const img = generateHistory(seed).image;
    for (const w of [{ shares: true as const }, { timeMakers: true as const }]) t.is(planWithVariant(img, w).kind, 'undecided', `seed ${seed} with ${JSON.stringify(w)} alone`);
    const out = planImage(img);
    t.is(out.kind, 'plan', `seed ${seed}`);
    if (out.kind === 'plan') t.true(out.plan.summary.verified, `seed ${seed} verified`);
  }
});
