/** Fuzzed CRIU files (test/criu/fuzzing.ts) never crash the importer: an image or an InputError. */
import test from 'ava';
import { fuzzBinary, fuzzJson } from './fuzzing.js';

const SEED = Number(process.env.CRPLAN_FUZZ_SEED ?? 20261129);

test('fuzzed binary CRIU files never crash the importer', (t) => {
  const started = Date.now();
  const r = fuzzBinary(SEED, Number(process.env.CRPLAN_FUZZ_PER_FILE ?? 45));
  t.log(`${r.cases} binary cases (seed ${SEED}): ${r.images} imported, ${r.errors} InputError, ${Date.now() - started} ms`);
  t.deepEqual(r.crashes, []);
  t.deepEqual(r.unnamed, [], 'every error names a file of the directory');
  t.true(r.cases >= 2000, `a few thousand cases (${r.cases})`);
  t.true(r.errors > 0 && r.images > 0, 'both outcomes occur');
});

test('fuzzed decoded-JSON CRIU files never crash the importer', (t) => {
  const started = Date.now();
  const r = fuzzJson(SEED + 1, Number(process.env.CRPLAN_FUZZ_JSON_PER_FILE ?? 12));
  t.log(`${r.cases} JSON cases (seed ${SEED + 1}): ${r.images} imported, ${r.errors} InputError, ${Date.now() - started} ms`);
  t.deepEqual(r.crashes, []);
  t.deepEqual(r.unnamed, []);
  t.true(r.cases >= 500);
  t.true(r.errors > 0 && r.images > 0);
});
