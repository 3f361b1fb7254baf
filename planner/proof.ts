/**
 * Explanations: validation findings become Impossibility entries (rule, culprits, chain), and an
 * ordering cycle becomes a chain of "X before Y because ..." sentences (PubGrub style).
 */
import type { Finding } from '../model/finding.js';
import type { Impossibility } from './api.js';
import type { Schedule } from './ordering/schedule.js';

export function findingsToProof(findings: Finding[]): Impossibility[] {
  return findings.map((x) => ({
    rule: x.kernelRule || x.code,
    culprits: x.tasks,
    chain: x.chain.length > 0 ? x.chain : [x.message],
    message: `${x.code}: ${x.message}`,
  }));
}

export function cycleToReason(s: Schedule, cyc: number[]): { chain: string[]; culprits: number[] } {
  const chain: string[] = [];
  const culprits = new Set<number>();
  for (const { from: sa, to: sb, edge: e } of s.cycleEdges(cyc)) {
    for (const t of sa.node.tasks) culprits.add(t);
    chain.push(`"${sa.node.label}" must happen before "${sb.node.label}" because ${e?.reason ?? '?'}${e?.rule ? ` (${e.rule})` : ''}.`);
  }
  chain.push('These requirements go round in a circle, so no order satisfies them all.');
  return { chain, culprits: [...culprits].slice(0, 8) };
}
