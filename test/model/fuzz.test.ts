/**
 * Fuzz: a seeded PRNG mutates and truncates the bundled images thousands of times and feeds the
 * text to parseImage + validateImage. Each case must end in a clean InputError (one line) or in a
 * list of findings, never in another exception, an internal rule failure or a hang.
 * Reproduce a failure with the seed printed in its message.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { InputError } from '../../model/errors.js';
import { parseImage } from '../../model/load.js';
import { validateImage } from '../../model/validate.js';
import { exampleFiles } from './helpers.js';
import { Prng } from '../../kernel/prng.js';

const CASES = Number(process.env.CRPLAN_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.CRPLAN_FUZZ_SEED ?? 0x5eed);

function prng(seed: number): () => number {
  const p = new Prng(seed);
  return () => p.next();
}

const sources = [...exampleFiles('examples'), ...exampleFiles('examples/invalid')].map((f) => readFileSync(f, 'utf8'));

function mutateText(text: string, r: () => number): string {
  const n = (k: number) => Math.floor(r() * k);
  const at = n(text.length + 1);
  switch (n(6)) {
    case 0: return text.slice(0, at); // truncate
    case 1: return text.slice(0, at) + text.slice(at + 1 + n(40)); // delete a range
    case 2: return text.slice(0, at) + '{}[],:"0-e.tn\\x'[n(15)] + text.slice(at); // insert a character
    case 3: { const b = n(text.length); return text.slice(0, at) + text.slice(b, b + n(200)) + text.slice(at); } // duplicate a range
    case 4: return text.replace(/\d+/g, (m) => (r() < 0.05 ? String([0, -1, 1, 2, 33, 4194305, 1e20, 3.5][n(8)]) : m));
    default: return text.replace(/"[a-zA-Z0-9-]+"/g, (m) => (r() < 0.03 ? ['"pid0"', '"user0"', '"nsp0"', 'null', '"zombie"', '""', '"x"'][n(7)] : m));
  }
}

/** Structured mutation: keeps the JSON valid so the schema and the rules are exercised. */
function mutateValue(text: string, r: () => number): string {
  const n = (k: number) => Math.floor(r() * k);
  const img = JSON.parse(text) as Record<string, unknown[]>;
  const pools: unknown[] = [null, 0, 1, 2, 7, 33, -3, 'pid0', 'user0', 'nsp0', 'uts0', 'missing', [], [1], [1, 1], [2, 3, 4], true, false, 'zombie', 'dead', 'stopped', { code: 1 }, { signal: 9 }, {}];
  for (let k = 1 + n(3); k > 0; k--) {
    const arr = ['tasks', 'namespaces', 'nsproxies'][n(3)];
    const list = img[arr];
    if (!Array.isArray(list) || !list.length) continue;
    const o = list[n(list.length)] as Record<string, unknown>;
    const keys = Object.keys(o);
    const op = n(10);
    if (op === 0) list.splice(n(list.length), 1);
    else if (op === 1) list.push(structuredClone(o));
    else if (op === 2) delete o[keys[n(keys.length)]];
    else {
      const key = keys[n(keys.length)];
      const other = list[n(list.length)] as Record<string, unknown>;
      o[key] = r() < 0.8 && key in other ? structuredClone(other[key]) : structuredClone(pools[n(pools.length)]);
    }
  }
  return JSON.stringify(img);
}

test(`fuzz: ${CASES} mutated images never crash or hang the loader and validator`, (t) => {
  const r = prng(SEED);
  const start = Date.now();
  let loadErrors = 0;
  let withFindings = 0;
  let clean = 0;
  for (let i = 0; i < CASES; i++) {
    const src = sources[Math.floor(r() * sources.length)];
    let text = src;
    const rounds = 1 + Math.floor(r() * 3);
    const structured = r() < 0.6;
    try {
      for (let k = 0; k < rounds; k++) text = structured ? mutateValue(text, r) : mutateText(text, r);
    } catch {
      text = mutateText(src, r);
    }
    const caseStart = Date.now();
    try {
      const image = parseImage(text, 'fuzz.json');
      const findings = validateImage(image);
      const internal = findings.filter((f) => f.code === 'INTERNAL_RULE_FAILURE');
      if (internal.length) t.fail(`case ${i} (seed ${SEED}): ${internal[0].message}\n${text.slice(0, 2000)}`);
      if (findings.some((f) => f.severity === 'error')) withFindings++;
      else clean++;
    } catch (e) {
      if (!(e instanceof InputError)) {
        t.fail(`case ${i} (seed ${SEED}): ${(e as Error).stack}\n${text.slice(0, 2000)}`);
        return;
      }
      t.false(e.message.includes('\n'), `multi-line error: ${e.message}`);
      loadErrors++;
    }
    if (Date.now() - caseStart > 2000) t.fail(`case ${i} (seed ${SEED}) took ${Date.now() - caseStart} ms`);
  }
  t.log(`${CASES} cases in ${Date.now() - start} ms: ${loadErrors} load errors, ${withFindings} with error findings, ${clean} consistent`);
  t.is(loadErrors + withFindings + clean, CASES);
  t.true(loadErrors > CASES / 10 && withFindings > CASES / 10, 'mutations should reach both the loader and the rules');
});
