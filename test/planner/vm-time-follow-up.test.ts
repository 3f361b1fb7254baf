/**
 * Follow-ups vmTimeFollowUps (planner/variants/vm-time-follow-up.ts): a VARIANTS attempt whose plan
 * replay refused a time join with EUSERS (SETNS-6) made again with vmTimeBirths. vm seeds 222 (the
 * extended constructions: 74's setns(time)) and 272 (shares: 59's); and, after a join refused for
 * want of rights, vmTimeBirths with creatorInterimJoins and holderOwners (vm seed 191).
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant, type Variant } from '../../planner/index.js';
import { VM_RIGHTS_FOLLOW_UP, VmTimeFollowUps } from '../../planner/variants/vm-time-follow-up.js';
import { mustPlanImage } from './seeded.js';

const CASES: [number, Partial<Variant>][] = [[222, { extended: true }], [272, { shares: true }]];

for (const [seed, v] of CASES) {
  test(`vm seed ${seed}: ${JSON.stringify(v)} alone is the named limit (its replay's EUSERS); with vmTimeBirths it plans, and planImage gains it`, (t) => {
    const img = generateHistory(seed, { vmForks: true }).image;
    const alone = planWithVariant(img, { moves: false, initStop: false, ...v });
    t.is(alone.kind, 'undecided');
    t.regex(alone.kind === 'undecided' ? alone.reason : '', /share address space .* did not find here/);
    const again = planWithVariant(img, { moves: false, initStop: false, ...v, vmTimeBirths: true });
    t.is(again.kind, 'plan', again.kind === 'plan' ? '' : JSON.stringify(again).slice(0, 300));
    t.true(again.kind === 'plan' && again.plan.summary.verified);
    mustPlanImage(t, img);
  });
}

test('only a replay refusing a time join with EUSERS is followed up, at most three, never one with vmTimeBirths already', (t) => {
  const fu = new VmTimeFollowUps();
  const v = (x: Partial<Variant>) => ({ moves: false, initStop: false, ...x }) as Variant;
  const eusers = 'planner bug: op 153 ({"op":"setns","actor":"t74","target":"t74","file":"time","why":"x"}) failed on the simulated kernel: EUSERS (SETNS-6)';
  fu.note(v({ extended: true }), 'task 49 must be born in session 5 with parent 25 (SID-2)');
  fu.note(v({ shares: true }), eusers.replace('"file":"time"', '"file":"user"'));
  fu.note(v({ vmTimeBirths: true }), eusers);
  for (const x of [{ extended: true }, { shares: true }, { bornCreators: true }, { lastResort: true }] as const) fu.note(v(x), eusers);
  t.deepEqual(fu.followUps().map((x) => Object.keys(x).filter((k) => k !== 'moves' && k !== 'initStop')), [['extended', 'vmTimeBirths'], ['shares', 'vmTimeBirths'], ['bornCreators', 'vmTimeBirths']]);
});

test('vm seed 191: after a join refused for want of rights, 19 forks 22 with CLONE_VM|CLONE_NEWUSER in net:0 and cgroup:0, joined before, and leaves cgroup:0 after; each part alone stays undecided', (t) => {
  const img = generateHistory(191, { vmForks: true }).image;
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(22).mm, task(19).mm);
  t.is(task(22).ppid, 19);
  const first = planWithVariant(img, {});
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /no rights over/);
  for (const drop of ['vmTimeBirths', 'creatorInterimJoins', 'holderOwners'] as const) {
    const v: Partial<Variant> = { ...VM_RIGHTS_FOLLOW_UP };
    delete v[drop];
    t.is(planWithVariant(img, v).kind, 'undecided', `without ${drop}`);
  }
  const out = planWithVariant(img, VM_RIGHTS_FOLLOW_UP);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const fork = ops.findIndex((o) => o.op === 'clone' && o.actor === 't19' && o.child === 't22');
  t.true(fork >= 0 && ops[fork].op === 'clone' && ops[fork].flags.includes('CLONE_VM') && ops[fork].flags.includes('CLONE_NEWUSER'));
  const joins = (file: string) => ops.flatMap((o, i) => (o.op === 'setns' && o.actor === 't19' && o.file === file ? [i] : []));
  t.true(joins('net').some((i) => i < fork), '19 is in net:0 before the fork');
  t.true(joins('cgroup').some((i) => i > fork), '19 enters cgroup:1 after it');
  mustPlanImage(t, img);
});
