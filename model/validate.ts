/**
 * Offline validation: builds the indexes once (O(n)) and runs every rule of the catalogue
 * (model/rules/, each O(n) or O(n x pid-ns depth)), so validation is linear in the size of the
 * image. Findings carry the JSON path and, for images parsed from text, the source line.
 */
import type { Image } from './image.js';
import type { Finding } from './finding.js';
import { buildIndex, type ImageIndex } from './indexes.js';
import { imageSource } from './load.js';
import { RULES } from './rules/index.js';

export function validateImage(image: Image): Finding[] {
  return validateIndex(buildIndex(image));
}

/** Same, for callers that already built the index. */
export function validateIndex(ix: ImageIndex): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    try {
      out.push(...rule.check(ix));
    } catch (e) {
      // A rule must never take validation down; report it as a finding the user can send us.
      out.push({
        code: 'INTERNAL_RULE_FAILURE', kernelRule: '-', severity: 'error',
        message: `rule ${rule.code} failed on this image: ${(e as Error).message}`,
        tasks: [], objects: [], chain: ['This is a crplan bug; please report it with the image.'],
      });
    }
  }
  const src = imageSource(ix.image);
  if (src) for (const f of out) if (f.path && f.line === undefined) {
    const line = src.locator.line(f.path);
    if (line !== undefined) f.line = line;
  }
  return out;
}

/** Errors only (warnings do not make an image inconsistent). */
export function errorsOf(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}
