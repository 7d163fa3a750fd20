/** The replay's report: what was restored, what was skipped and why, every error, timings. */
import { verifyMarkdown } from '../verify/verify-report';
import type { ReplayError, ReplayPlan, ReplaySummary } from './types';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function errorLines(errors: ReplayError[]): string[] {
  if (errors.length === 0) return [];
  const byCategory = new Map<string, ReplayError[]>();
  for (const e of errors) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e]);
  const out: string[] = [];
  for (const [category, list] of byCategory) {
    out.push(`- **${category}** (${list.length}${list[0].benign ? ', benign' : ''}): ${list[0].explanation}`);
    for (const e of list) out.push(`  - ${e.item}: ${e.message.split('\n')[0]}`);
  }
  return out;
}

/** Markdown for people: outcome first, then per database, then the plan's decisions. */
export function reportMarkdown(summary: ReplaySummary, plan: ReplayPlan): string {
  const t = summary.target;
  const lines = [
    '# PG Flex Restore — replay report',
    '',
    `- Outcome: **${summary.ok ? `everything asked for was restored${summary.databases.some((d) => d.verify) ? ' and verified against the backup' : ''}` : 'not everything was restored (or not verified)'}**`,
    `- Restore set: ${plan.source.folder}`,
    `- Backup taken: ${plan.source.takenAt ?? 'unknown'}${plan.source.markerRaw ? ` (marker text: \`${plan.source.markerRaw.split('\n')[0]}\`)` : ''}`,
    `- Target: ${t.user}@${t.host}:${t.port} (sslmode ${t.sslmode})`,
    `- Started: ${summary.startedAt}, took ${seconds(summary.durationMs)}`,
    `- Worker budget: ${plan.jobs}`,
    '',
    '| Database | Restored as | Outcome | Time | Errors | Why |',
    '|---|---|---|---|---|---|',
    ...summary.databases.map((d) =>
      `| ${d.name} | ${d.targetName} | ${d.status} | ${d.durationMs ? seconds(d.durationMs) : '—'} | ${d.errors.length} | ${d.reason.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const f of [summary.roles, ...summary.files]) {
    if (!f) continue;
    lines.push(`## ${f.kind} file: ${f.status}`, '', f.reason + (f.changes ? ` ${f.changes} line(s) were changed to make it safe for Flexible Server.` : ''), '', ...errorLines(f.errors), '');
  }
  for (const f of plan.files.filter((x) => x.action === 'skip' && x.file)) lines.push(`- ${f.kind} file not run: ${f.reasons.join(' ')}`);
  for (const d of summary.databases.filter((x) => x.verify)) lines.push('', ...verifyMarkdown(d.name, d.verify!));
  for (const d of summary.databases.filter((x) => x.errors.length)) {
    lines.push('', `## Errors in ${d.name}`, '', ...errorLines(d.errors));
  }
  if (plan.warnings.length) lines.push('', '## Warnings', '', ...plan.warnings.map((w) => `- ${w}`));
  lines.push('', '## Commands', '', '```sh', ...plan.commands.flatMap((c) => [`# ${c.label}`, ...c.lines]), '```', '');
  return lines.join('\n');
}

/** JSON for machines: the set it came from, the summary and the plan, as they are. */
export function reportJson(summary: ReplaySummary, plan: ReplayPlan): string {
  return JSON.stringify({ source: plan.source, summary, plan }, null, 2);
}
