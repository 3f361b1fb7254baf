import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { criuBaseline, linuxCrBaseline } from '../../planner/baselines.js';
import { compareImage, renderComparison, type Comparison } from '../../planner/render/compare.js';
import { loadImageFile } from '../../model/load.js';
import { image, session01 } from '../planner/fixtures.js';

test('session01: CRIU uses 3 helpers, linux-cr 4 (derived by hand from prior-art.md 1.2 and 3)', (t) => {
  const img = session01();
  const c = criuBaseline(img);
  // (a) root 1's children 3 (sid 2, leader 2 alive: helper with a free pid under 2) and 14 (sid 6,
  // leader dead: placeholder 6 becomes the helper); (c) group 17's leader is dead: helper 17.
  t.deepEqual(c.refuses, []);
  t.is(c.helpers, 3);
  t.is(c.details.filter((d) => d.includes('free pid under 2')).length, 1);
  // GHOST 6 (sid without task), GHOST 17 (pgid without task), phantoms for sessions 2 and 6
  // (orphans 3 and 14 of init with foreign sessions).
  const l = linuxCrBaseline(img);
  t.deepEqual(l.refuses, []);
  t.is(l.helpers, 4);
});

test('a plain tree needs no helper from either', (t) => {
  const img = image([{ pid: 10, ppid: 0 }, { pid: 11, ppid: 10, sid: 10 }, { pid: 12, ppid: 11, sid: 10, pgid: 12 }]);
  t.deepEqual(criuBaseline(img), { strategy: 'criu', helpers: 0, refuses: [], details: [] });
  t.deepEqual(linuxCrBaseline(img), { strategy: 'linux-cr', helpers: 0, refuses: [], details: [] });
});

test('a sibling born with CLONE_PARENT: linux-cr does it without helper, CRIU cannot find the leader', (t) => {
  // 5 is 2's child in session 3, whose leader 3 is also 2's child: only 3 can give session 3,
  // and only CLONE_PARENT from 3 makes 5 a child of 2.
  const img = image([
    { pid: 1, ppid: 0 }, { pid: 2, ppid: 1, sid: 1, pgid: 1 }, { pid: 3, ppid: 2 }, { pid: 5, ppid: 2, sid: 3, pgid: 3 },
  ]);
  const c = criuBaseline(img);
  t.true(c.refuses.some((r) => r.includes("Can't find a session leader for 3")));
  const l = linuxCrBaseline(img);
  t.deepEqual(l.refuses, []);
  t.is(l.helpers, 0);
  // the same shape hanging off the root: CRIU's step (a) moves 5 under a helper forked by 3
  const atRoot = image([{ pid: 2, ppid: 0 }, { pid: 3, ppid: 2 }, { pid: 5, ppid: 2, sid: 3, pgid: 3 }]);
  t.deepEqual(criuBaseline(atRoot).refuses, []);
  t.is(criuBaseline(atRoot).helpers, 1);
});

test('a dead group leader costs one helper in both; two members share it', (t) => {
  const img = image([{ pid: 10, ppid: 0 }, { pid: 11, ppid: 10, sid: 10, pgid: 20 }, { pid: 12, ppid: 10, sid: 10, pgid: 20 }]);
  t.is(criuBaseline(img).helpers, 1);
  t.is(linuxCrBaseline(img).helpers, 1);
});

test('an orphan kept by a subreaper: both refuse', (t) => {
  // 2 is a subreaper; its child 4 made session 4, forked 5 and died: 5 went to 2.
  const img = image([
    { pid: 1, ppid: 0 }, { pid: 2, ppid: 1, subreaper: true }, { pid: 5, ppid: 2, sid: 4, pgid: 4 },
  ]);
  t.true(criuBaseline(img).refuses.some((r) => r.includes("Can't find a session leader for 4")));
  t.true(linuxCrBaseline(img).refuses.some((r) => r.includes('subreaper')));
});

test('nested pid namespaces: CRIU refuses; linux-cr refuses a child two levels below its parent', (t) => {
  const ns = [
    { id: 'pidA', type: 'pid' as const, level: 1, parent: 'pid0', owner: 'user0' },
    { id: 'pidB', type: 'pid' as const, level: 2, parent: 'pidA', owner: 'user0' },
  ];
  const one = image([{ pid: 10, ppid: 0 }, { pid: [11, 1], ppid: 10, sid: 10, pidns: 'pidA' }], { namespaces: ns });
  t.true(criuBaseline(one).refuses.some((r) => r.includes('nested pid namespace')));
  t.deepEqual(linuxCrBaseline(one).refuses, []);
  const two = image([{ pid: 10, ppid: 0 }, { pid: [11, 1, 1], ppid: 10, sid: 10, pidns: 'pidB' }], { namespaces: ns });
  t.true(linuxCrBaseline(two).refuses.some((r) => r.includes('pidns nesting')));
});

function examples(): string[] {
  const dir = join(process.cwd(), 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

test('examples: where the planner succeeds, it uses no more helpers than CRIU or linux-cr', (t) => {
  const rows: Comparison[] = examples().map((p) => compareImage(p.replace(/^.*\//, ''), loadImageFile(p)));
  t.true(rows.length > 0, 'there are examples');
  t.log(`\n${renderComparison(rows)}`);
  let compared = 0;
  for (const r of rows) {
    if (typeof r.planner !== 'number') continue;
    t.true(r.verified === true, `${r.name}: plan verified`);
    for (const b of [r.criu, r.linuxCr]) {
      if (b.refuses.length) continue;
      compared++;
      t.true(r.planner <= b.helpers, `${r.name}: planner ${r.planner} helpers <= ${b.strategy} ${b.helpers}`);
    }
    if (typeof r.fallback === 'number') t.true(r.planner <= r.fallback, `${r.name}: solver ${r.planner} <= fallback ${r.fallback}`);
  }
  t.log(`${compared} planner-vs-baseline comparisons; ${rows.filter((r) => typeof r.planner !== 'number').length} examples without a plan`);
});
