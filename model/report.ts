/**
 * Findings as text for people: `file:line: CODE message` (severity shown for warnings), then the
 * chain of reasons indented, then the kernel rule. Shared by `crplan validate` and anyone who
 * prints findings.
 */
import type { Finding } from './finding.js';

export function formatFinding(f: Finding, file: string): string {
  const where = `${file}${f.line !== undefined ? `:${f.line}` : ''}`;
  const lines = [`${where}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.code} ${f.message}`];
  if (f.path) lines.push(`    at ${f.path}`);
  for (const c of f.chain) lines.push(`    - ${c}`);
  lines.push(`    (kernel rule ${f.kernelRule})`);
  return lines.join('\n');
}

export function summarize(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
