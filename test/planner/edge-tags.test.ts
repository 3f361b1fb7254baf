/**
 * Structured edge tags (planner/graph/edge-tags.ts): the ordering passes and re-plan variants read
 * an edge's facts from its tag, not from its reason text, so every producer of a wording must set
 * the tag. Here every edge the graph builds for a few seeds is recorded (Schedule.edge wrapped in
 * this worker only), and for several kinds each edge with the wording carries the tag with the
 * same typed fields, and each tagged edge has the wording: a producer losing its tag fails.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';
import { Schedule } from '../../planner/ordering/schedule.js';
import type { EdgeTag } from '../../planner/graph/edge-tags.js';
import { ON_THE_WAY } from '../../planner/ordering/time-on-the-way.js';

interface Made { tail: string; head: string; reason: string; rule?: string; tag?: EdgeTag }

const made: Made[] = [];
const edge = Schedule.prototype.edge;
const idOf = (s: Schedule, x: string | number | undefined): string => (typeof x === 'number' ? s.steps[x]?.id ?? '' : x ?? '');
Schedule.prototype.edge = function (this: Schedule, tail, head, reason, rule, tag) {
  made.push({ tail: idOf(this, tail), head: idOf(this, head), reason, rule, tag });
  edge.call(this, tail, head, reason, rule, tag);
};
// seed 2: groups invisible in a pid ns, a setsid kept, joins, set_tid creations; 924: a time ns
// unshared on the way to the final user ns; 9264: leaders leaving their groups after a member joined
for (const seed of [2, 924, 9264]) planImage(generateHistory(seed).image);
Schedule.prototype.edge = edge;

/** Per kind: the wording of its edges and the tag it gives, from the wording's captures. */
const KINDS: Array<{ kind: EdgeTag['kind']; wording: RegExp; tag: (m: RegExpExecArray) => EdgeTag }> = [
  { kind: 'before-setsid', wording: /^(\S+) forks (\d+) before its own setsid so \2 keeps the old session$/, tag: (m) => ({ kind: 'before-setsid', by: m[1], child: Number(m[2]) }) },
  { kind: 'exists-before-join', wording: /^(\w+) ns (\S+) exists before (\d+) joins it$/, tag: (m) => ({ kind: 'exists-before-join', type: m[1], ns: m[2], joiner: Number(m[3]) }) },
  { kind: 'privileged-creation', wording: /^(\d+) creates tasks with set_tid while still privileged$/, tag: (m) => ({ kind: 'privileged-creation', creator: Number(m[1]) }) },
  { kind: 'forks-still-in-group', wording: /^(\d+) forks (\d+) while still in group (\d+)$/, tag: (m) => ({ kind: 'forks-still-in-group', forker: Number(m[1]), child: Number(m[2]), group: Number(m[3]) }) },
  { kind: 'inherits-invisible-group', wording: /^(\d+) inherits group (\d+), invisible in \d+'s pid ns, from (\d+)$/, tag: (m) => ({ kind: 'inherits-invisible-group', member: Number(m[1]), group: Number(m[2]), from: Number(m[3]) }) },
  { kind: 'leaves-group-after', wording: /^(\d+) leaves its group only after (\d+) joined it$/, tag: (m) => ({ kind: 'leaves-group-after', leader: Number(m[1]), joiner: Number(m[2]) }) },
  { kind: 'user-ns-exists', wording: /^user ns (\S+) exists before (\d+) enters it$/, tag: (m) => ({ kind: 'user-ns-exists', ns: m[1], enters: { role: 'task', tid: Number(m[2]) } }) },
];

for (const k of KINDS) {
  test(`every "${k.kind}" edge carries its tag, with the fields of its wording`, (t) => {
    const worded = made.filter((e) => k.wording.test(e.reason));
    t.true(worded.length > 0, `the seeds make ${k.kind} edges`);
    for (const e of worded) t.deepEqual(e.tag, k.tag(k.wording.exec(e.reason)!), `${e.tail} -> ${e.head}: ${e.reason}`);
  });
}

test('tagged edges keep their wording (the tag only adds typed fields to the reason)', (t) => {
  for (const k of KINDS) {
    if (k.kind === 'user-ns-exists') continue; // (also the edges "user ns U exists before ..." without an entering task)
    for (const e of made) if (e.tag?.kind === k.kind) t.regex(e.reason, k.wording, `${e.tail} -> ${e.head}`);
  }
});

test('a time ns unshared on the way: each copy of a switch edge carries the copied tag (seed 924)', (t) => {
  const copies = made.filter((e) => e.tag?.kind === 'on-the-way');
  t.true(copies.length > 0);
  for (const e of copies) {
    const orig = made.find((o) => o.tail === e.tail && o.head.startsWith('user:') && `${o.reason}${ON_THE_WAY}` === e.reason);
    t.truthy(orig, e.reason);
    t.deepEqual(e.tag, { kind: 'on-the-way', ...(orig?.tag ? { of: orig.tag } : {}) }, e.reason);
  }
  t.true(copies.some((e) => e.tag?.kind === 'on-the-way' && e.tag.of !== undefined), 'a tagged switch edge copied');
});

test('the graph shown to users has no tags (they stay inside the planner)', (t) => {
  const out = planImage(generateHistory(2).image);
  if (out.kind !== 'plan') return t.fail(out.kind);
  t.true(out.graph.edges().every((e) => !('tag' in (out.graph.edge(e) as object))));
});
