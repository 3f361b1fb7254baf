/**
 * Re-plan variant nsKeeperThreads (planner/variants/ns-keeper-thread.ts), with the extended
 * constructions: a child forked by the thread of its creator's process still holding the
 * namespaces it is born with, the leader having left them (FORK-2, FORK-7, SETNS-7, SID-1, SID-2).
 * Seed 109079: leader 25 (pid-ns init, user:2) unshares uts/ipc/mnt/net/cgroup after creating
 * thread 29, which keeps the old ones; 40 must be forked by 25 after those unshares and before its
 * setsid (session 3), 45 after the setsid with the old namespaces, which it cannot join.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage, planWithVariant } from '../../planner/index.js';
import { mustPlanImage } from './seeded.js';

const BASE = { moves: false, initStop: false, extended: true } as const;
const V = { ...BASE, nsKeeperThreads: true } as const;
const image = () => generateHistory(109079).image;

test('seed 109079: thread 29 forks 45 with the namespaces it kept, after 25 unshares its own and leads session 25', (t) => {
  const img = image();
  const np = new Map(img.nsproxies.map((p) => [p.id, p]));
  const task = (pid: number) => img.tasks.find((y) => y.pid[0] === pid)!;
  t.is(task(29).tgid, 25);
  t.is(np.get(task(45).nsproxy!)!.uts, np.get(task(29).nsproxy!)!.uts);
  t.not(np.get(task(45).nsproxy!)!.uts, np.get(task(25).nsproxy!)!.uts);
  const out = planWithVariant(img, V);
  t.is(out.kind, 'plan', out.kind === 'plan' ? '' : JSON.stringify(out).slice(0, 300));
  if (out.kind !== 'plan') return;
  t.true(out.plan.summary.verified);
  const ops = out.plan.ops;
  const at = (f: (o: (typeof ops)[number]) => boolean) => ops.findIndex(f);
  const unshareUts = at((o) => o.op === 'unshare' && o.actor === 't25' && o.flags.includes('CLONE_NEWUTS'));
  const setsid = at((o) => o.op === 'setsid' && o.actor === 't25');
  const fork40 = at((o) => o.op === 'clone' && o.child === 't40');
  const fork45 = at((o) => o.op === 'clone' && o.child === 't45');
  t.true(unshareUts >= 0 && setsid >= 0);
  t.true(ops[fork45].op === 'clone' && ops[fork45].actor === 't29', 'thread 29 forks 45');
  t.true(ops[fork40].op === 'clone' && ops[fork40].actor === 't25', 'leader 25 forks 40');
  t.true(unshareUts < fork40 && fork40 < setsid && setsid < fork45);
});

test('without the flag the extended constructions close a cycle on 25 creating 45 before its joins; planImage gains seed 109079', (t) => {
  const img = image();
  const first = planWithVariant(img, { moves: false, initStop: false });
  t.is(first.kind, 'undecided');
  t.regex(first.kind === 'undecided' ? first.reason : '', /task 50 must be born in session 25 with parent 25, but no task of that session can create it there/);
  const out = planWithVariant(img, BASE);
  t.is(out.kind, 'undecided');
  t.regex(out.kind === 'undecided' ? out.reason : '', /create 45" must happen before "25 joins its namespaces"/);
  mustPlanImage(t, img);
});
