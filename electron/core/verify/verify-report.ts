/** The verification section of the Markdown report: the verdict, every table's rows and every object kind, backup against target. */
import { verifySummaryLine } from '../../shared/verify-summary';
import type { VerifyResult } from './types';

const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));
const cell = (t: string) => t.replace(/\|/g, '\\|');

/** Markdown lines for one database's verification. */
export function verifyMarkdown(database: string, v: VerifyResult): string[] {
  const lines = [`## Verification of ${database}`, '', `**${verifySummaryLine(v)}**`, ''];
  for (const note of v.notes) lines.push(`- ${note}`);
  if (v.notes.length) lines.push('');
  lines.push('| Table | In the backup | On the target | Check |', '|---|---:|---:|---|');
  for (const t of v.tables) lines.push(`| ${cell(t.name)} | ${n(t.archiveRows)} | ${n(t.targetRows)} | ${t.ok ? 'match' : '**differs**'}${t.note ? ` — ${cell(t.note)}` : ''} |`);
  lines.push('', '| Objects | In the backup | On the target | Check |', '|---|---:|---:|---|');
  for (const o of v.objects) {
    const why = [o.missing.length ? `missing: ${o.missing.join(', ')}` : '', o.extra.length ? `not in the backup: ${o.extra.join(', ')}` : '', ...o.explained].filter(Boolean).join('; ');
    lines.push(`| ${o.kind} | ${n(o.archive)} | ${n(o.target)} | ${o.ok ? 'match' : '**differs**'}${why ? ` — ${cell(why)}` : ''} |`);
  }
  const bad = v.sequences.mismatched;
  lines.push(`| sequence values | ${n(v.sequences.checked)} | ${n(v.sequences.checked - bad.length)} | ${bad.length ? `**differs** — ${cell(bad.map((q) => `${q.name}: ${q.archive} vs ${q.target ?? 'missing'}`).join('; '))}` : 'match'} |`);
  return lines;
}
