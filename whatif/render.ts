/** Human output of a what-if: two columns, baseline | scenario, then notes and the plan delta. */
import type { SideReport, WhatIfReport } from './compare.js';

const W = 48;

function wrap(s: string, w = W): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > w) { out.push(line); line = ''; }
    let rest = word;
    while (rest.length > w) { if (line) { out.push(line); line = ''; } out.push(rest.slice(0, w)); rest = rest.slice(w); }
    line = line ? `${line} ${rest}` : rest;
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

function column(s: SideReport): string[][] {
  const rows: string[][] = [];
  rows.push(wrap(s.profile));
  rows.push(wrap(s.restorable ? 'RESTORABLE' : `NOT RESTORABLE (${s.outcome})`));
  rows.push(wrap(s.explanation));
  rows.push(wrap(`tasks ${s.tasks}, helpers ${s.helpers.length}, operations ${s.operations}`));
  rows.push(wrap(`ops: ${Object.entries(s.opKinds).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`));
  rows.push(wrap(`helpers: ${s.helpers.map((h) => `${h.name} (${h.role})`).join(', ') || '-'}`));
  rows.push(wrap(`binding: ${s.binding.join(', ') || '-'}`));
  rows.push(s.findings.length ? s.findings.slice(0, 3).flatMap((f) => wrap(`finding: ${f}`)) : ['findings: none']);
  return rows;
}

export function renderWhatIf(r: WhatIfReport): string {
  const out: string[] = [];
  out.push(`what-if for ${r.image}: ${r.scenarios.join(' ')}`);
  out.push('');
  out.push(`${'baseline'.padEnd(W)} | scenario`);
  out.push(`${'-'.repeat(W)}-+-${'-'.repeat(W)}`);
  const a = column(r.baseline);
  const b = column(r.scenario);
  for (let i = 0; i < a.length; i++) {
    const n = Math.max(a[i].length, b[i].length);
    for (let k = 0; k < n; k++) out.push(`${(a[i][k] ?? '').padEnd(W)} | ${b[i][k] ?? ''}`.trimEnd());
  }
  if (r.exact) {
    out.push('');
    out.push(`exact restore under these assumptions: ${r.exact.restorable ? 'RESTORABLE' : `NOT RESTORABLE (${r.exact.outcome})`}; the scenario column is the best restore that remains`);
    if (!r.exact.restorable) {
      for (const l of wrap(r.exact.explanation, 2 * W)) out.push(`  ${l}`);
      for (const c of r.exact.chain) out.push(`  - ${c}`);
    }
  }
  if (r.notes.length) {
    out.push('');
    out.push('scenario notes:');
    for (const n of r.notes) out.push(`  - ${n}`);
  }
  if (!r.scenario.restorable && r.scenario.chain.length) {
    out.push('');
    out.push('why the scenario fails:');
    for (const c of r.scenario.chain) out.push(`  - ${c}`);
  }
  out.push('');
  if (r.baseline.outcome === 'plan' && r.scenario.outcome === 'plan') {
    if (r.delta.length === 0) out.push('plan difference: none (same operations by the same actors)');
    else {
      out.push('plan difference (operation by actor: baseline -> scenario):');
      for (const d of r.delta) out.push(`  ${d.scenario > d.baseline ? '+' : '-'} ${d.key}: ${d.baseline} -> ${d.scenario}`);
    }
  } else out.push(`plan difference: ${r.baseline.restorable ? 'the scenario loses the plan' : r.scenario.restorable ? 'the scenario gains a plan' : 'neither side has a plan'}`);
  return `${out.join('\n')}\n`;
}
