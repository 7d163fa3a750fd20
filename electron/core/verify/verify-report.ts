/** The verification section of the Markdown report: the verdict, every table's rows and every object kind, backup against target. */
import { verifyRows, verifySummaryLine, type CheckRow } from '../../shared/verify-summary';
import type { VerifyResult } from './types';

const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));
const cell = (t: string) => t.replace(/\|/g, '\\|');

function table(head: string, rows: CheckRow[]): string[] {
  return [`| ${head} | In the backup | On the target | Check |`, '|---|---:|---:|---|',
    ...rows.map((r) => `| ${cell(r.name)} | ${n(r.archive)} | ${n(r.target)} | ${r.ok ? 'match' : '**differs**'}${r.detail ? ` — ${cell(r.detail)}` : ''} |`)];
}

/** Markdown lines for one database's verification. */
export function verifyMarkdown(database: string, v: VerifyResult): string[] {
  const lines = [`## Verification of ${database}`, '', `**${verifySummaryLine(v)}**`, ''];
  for (const note of v.notes) lines.push(`- ${note}`);
  if (v.notes.length) lines.push('');
  const rows = verifyRows(v);
  return [...lines, ...table('Table', rows.tables), '', ...table('Objects', rows.objects)];
}
