/**
 * A thread forking a child that must keep its leader's older namespace is created before the
 * leader's unshare of a new one of that type (variant threadKids, planner/variants/thread-kids.ts).
 * Generated seeds 80726 and 32291, formerly undecided ("t18 must enter net ns net:0 but its
 * credentials are in user ns user:1, ...", "t62 must enter net ns net:0 ...").
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planWithVariant } from '../../planner/index.js';
import { mustPlan } from './seeded.js';

type Op = { op: string; actor: string; child?: string; flags?: string[] };
const at = (ops: Op[], f: (o: Op) => boolean): number => ops.findIndex(f);
const unshareNet = (actor: string) => (o: Op) => o.op === 'unshare' && o.actor === actor && o.flags!.includes('CLONE_NEWNET');

for (const [seed, leader, thread, child] of [[80726, 't10', 't11', 't18'], [32291, 't61', 't68', 't62']] as const) {
  test(`seed ${seed}: thread ${thread} is created before ${leader} unshares its net ns, and forks ${child} with CLONE_FS before making its own`, (t) => {
    t.is(planWithVariant(generateHistory(seed).image, {}).kind, 'undecided');
    const ops = mustPlan(t, seed, { threadKids: true }).ops as unknown as Op[];
    const th = at(ops, (o) => o.op === 'clone' && o.actor === leader && o.child === thread);
    const lnet = at(ops, unshareNet(leader));
    const fork = at(ops, (o) => o.op === 'clone' && o.actor === thread && o.child === child);
    const tnet = at(ops, unshareNet(thread));
    t.true(th >= 0 && lnet >= 0 && fork >= 0 && tnet >= 0);
    t.true(ops[th].flags!.includes('CLONE_THREAD') && ops[fork].flags!.includes('CLONE_FS'));
    t.true(th < lnet, `${thread} keeps net:0 from before ${leader}'s unshare`);
    t.true(fork < tnet, `${child} is born in net:0, before ${thread} makes its own`);
    t.false(ops.some((o) => o.op === 'setns' && o.actor === child && (o as { file?: string }).file === 'net'), `${child} inherits net:0`);
    // the whole planner reaches it (the last variant, with lateKeeps)
    mustPlan(t, seed);
  });
}
