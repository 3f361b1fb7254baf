import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../model/project-root.js';
import { renderCatalogue } from '../../model/catalogue.js';
import { RULES } from '../../model/rules/index.js';

test('docs/rules.md is generated from the rule modules and up to date', (t) => {
  const doc = readFileSync('docs/rules.md', 'utf8');
  t.is(doc, renderCatalogue(), 'stale: run `node --import tsx model/catalogue.ts > docs/rules.md`');
});

test('rule codes are unique, upper snake case, with description, kernel rule and a main message', (t) => {
  const codes = RULES.map((r) => r.code);
  t.is(new Set(codes).size, codes.length);
  for (const r of RULES) {
    t.regex(r.code, /^[A-Z][A-Z0-9_]+$/);
    t.true(r.description.length > 20, r.code);
    t.truthy(r.kernelRule, r.code);
    t.truthy(r.messages.main, r.code);
  }
});

// The rules doc lives in shared/ beside the checkout (as CI lays it out); without it the check
// cannot run and shows as skipped, loudly, never as passed.
const RULES_DOC = [join(projectRoot(), '..', 'shared', 'docs', 'kernel-rules.md'), '/work/shared/docs/kernel-rules.md']
  .find((p) => existsSync(p));
if (!RULES_DOC) {
  console.warn('SKIPPED: kernel rule ids cited by rules exist in the kernel rules document: ../shared/docs/kernel-rules.md not found');
  test.skip('kernel rule ids cited by rules exist in the kernel rules document', () => {});
} else {
  test('kernel rule ids cited by rules exist in the kernel rules document', (t) => {
    const doc = readFileSync(RULES_DOC, 'utf8');
    for (const r of RULES) {
      for (const id of r.kernelRule.match(/[A-Z]+-\d+/g) ?? []) t.true(doc.includes(`**${id} `), `${r.code} cites ${id}`);
    }
  });
}
