/**
 * The sibling index (planner/creators/siblings.ts) must answer what a scan of the sibling list answers:
 * the siblings in session n or born in it, in sibling order, each once, whatever born_sid entries
 * were noted on the way. Checked against that scan on generated reachable images and a large
 * synthetic container.
 */
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { Prng } from '../../kernel/prng.js';
import { buildFacts, isRootOwned, ROOT } from '../../planner/facts/facts.js';
import type { Facts } from '../../planner/facts/facts.js';
import { SiblingIndex } from '../../planner/creators/siblings.js';
import { containerImage } from '../../bench/plan.bench.js';
import type { Image } from '../../model/image.js';

function check(img: Image, seed: number): { queries: number; hits: number; mismatch: string | null } {
  const f: Facts = buildFacts(img);
  const ix = new SiblingIndex(f);
  const born = new Map<number, number>();
  const rnd = new Prng(seed);
  const procs = [...f.procs.values()];
  const sessionOf = (r: number) => { const p = f.procs.get(r)!; return isRootOwned(f, p.sid) ? 0 : p.sid; };
  const sessions = [...new Set(procs.map((p) => sessionOf(p.tgid)))];
  let queries = 0;
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    // born_sid entries only ever get added, once per process
    for (const p of procs) {
      if (born.has(p.tgid) || !rnd.chance(0.2)) continue;
      const n = rnd.pick(sessions);
      born.set(p.tgid, n);
      ix.noteBornSid(p.tgid, n);
    }
    for (const p of procs) {
      const parent = f.procs.has(p.parent) ? p.parent : ROOT;
      const sibs = parent === ROOT ? f.rootChildren : f.procs.get(parent)!.children;
      for (const n of [sessionOf(p.tgid), rnd.pick(sessions)]) {
        const want = sibs.filter((r) => sessionOf(r) === n || born.get(r) === n);
        const got = [...ix.candidates(parent, n)];
        queries++;
        hits += got.length;
        if (JSON.stringify(got) !== JSON.stringify(want)) return { queries, hits, mismatch: `process ${p.tgid}, session ${n}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}` };
      }
    }
  }
  return { queries, hits, mismatch: null };
}

test('sibling candidates equal a scan of the sibling list (generated images, 200 ops, seeds 1-150)', (t) => {
  let queries = 0;
  let hits = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const r = check(generateHistory(seed, { ops: 200 }).image, seed);
    if (r.mismatch) t.fail(`seed ${seed}: ${r.mismatch}`);
    queries += r.queries;
    hits += r.hits;
  }
  t.true(hits > queries / 4, `the queries find siblings (${hits} over ${queries} queries)`);
});

test('sibling candidates equal a scan under a busy init (synthetic container, 3000 tasks)', (t) => {
  const r = check(containerImage(3000), 7);
  t.is(r.mismatch, null);
  t.true(r.hits > 0);
});
