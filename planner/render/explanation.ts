/**
 * Printing "no plan": an impossibility proof (PubGrub-style: each step of the chain follows from
 * the ones before it, ending in the contradiction) or an undecided answer, which is deliberately
 * worded differently — undecided never claims that no plan exists. Text for people, JSON for tools.
 */
import type { Impossibility, PlanOutcome } from '../api.js';

type NoPlan = Exclude<PlanOutcome, { kind: 'plan' }>;

function tids(xs: number[]): string {
  if (xs.length === 0) return 'none named';
  return xs.length > 12 ? `${xs.slice(0, 12).join(', ')} and ${xs.length - 12} more` : xs.join(', ');
}

/** One proof as numbered steps: "Because ...", "and ...", "so ...". */
export function renderProof(p: Impossibility, index?: number): string[] {
  const out: string[] = [];
  out.push(`${index !== undefined ? `${index + 1}. ` : ''}${p.message} [rule ${p.rule}]`);
  const n = p.chain.length;
  p.chain.forEach((step, i) => {
    // the chain's own connectives ("So ...", "and ...") would double ours: drop them
    const s = step.replace(/\s+$/, '').replace(/^(so|therefore|thus|hence|and|because),?\s+/i, '');
    const lead = n === 1 ? '   ' : i === 0 ? '   Because ' : i === n - 1 ? '   So ' : '   and ';
    out.push(`${lead}${n > 1 ? lowerFirst(s) : s}`);
  });
  out.push(`   Culprit tasks: ${tids(p.culprits)}.`);
  return out;
}

function lowerFirst(s: string): string {
  // keep acronyms and task names ("CLONE_PARENT", "Session 6" stays readable either way)
  if (/^[A-Z](?![A-Z0-9_-])/.test(s)) return s[0].toLowerCase() + s.slice(1);
  return s;
}

/** Human text for an impossible or undecided outcome. */
export function renderNoPlan(outcome: NoPlan, imageName = 'the image'): string {
  const out: string[] = [];
  if (outcome.kind === 'impossible') {
    out.push(`No plan exists for ${imageName}: ${outcome.proof.length === 1 ? 'one contradiction' : `${outcome.proof.length} contradictions`} with the kernel's rules.`);
    outcome.proof.forEach((p, i) => {
      out.push('');
      out.push(...renderProof(p, outcome.proof.length > 1 ? i : undefined));
    });
  } else {
    out.push(`Undecided: the planner could not decide whether ${imageName} can be restored.`);
    out.push('This is not a proof that no plan exists; it is a limit of the planner.');
    out.push(`Reason: ${outcome.reason}`);
    out.push(`Tasks concerned: ${tids(outcome.culprits)}.`);
  }
  return `${out.join('\n')}\n`;
}

/** JSON form for tools: `{ result: "impossible", proof: [...] }` or `{ result: "undecided", reason, culprits }`. */
export function noPlanToJson(outcome: NoPlan): Record<string, unknown> {
  if (outcome.kind === 'impossible') return { result: 'impossible', proof: outcome.proof };
  return { result: 'undecided', reason: outcome.reason, culprits: outcome.culprits };
}
