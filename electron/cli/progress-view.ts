/** Human output of a running replay: a redrawn block of lanes on a terminal, plain event lines otherwise. */
import type { DatabaseProgress, ReplayEvent } from '../core/replay/types';
import { verifySummaryLine } from '../shared/verify-summary';
import { formatDuration, type Out } from './print';

function bar(fraction: number, width = 20): string {
  const full = Math.round(fraction * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

function lane(d: DatabaseProgress): string {
  const pct = `${Math.floor(d.fraction * 100)}%`.padStart(4);
  const eta = d.etaMs != null ? ` eta ${formatDuration(d.etaMs)}` : '';
  const now = d.current.length ? `  ${d.current.slice(0, 2).join(', ')}` : '';
  return `  ${d.name.padEnd(20).slice(0, 20)} ${bar(d.fraction)} ${pct} ${d.phase.padEnd(9)} ${d.itemsDone}/${d.itemsTotal} items, ` +
    `${formatDuration(d.elapsedMs)}${eta}${d.errors ? `, ${d.errors} error(s)` : ''}${now}`.slice(0, 160);
}

/** Returns the event handler that prints a replay for people. */
export function humanProgress(out: Out): (e: ReplayEvent) => void {
  let drawn = 0;
  let lastDraw = 0;
  return (e) => {
    switch (e.type) {
      case 'plan':
        for (const f of e.plan.files) out.line(`${f.action === 'run' ? '→' : '·'} ${f.kind}: ${f.action === 'run' ? 'will run' : 'skipped'} — ${f.reasons.join(' ')}`);
        for (const d of e.plan.databases) {
          out.line(`${d.action === 'restore' ? '→' : '·'} ${d.name}: ${d.action === 'restore' ? `restore into "${d.targetName}"` : 'skipped'}${d.reasons.length ? ` — ${d.reasons.join(' ')}` : ''}`);
          if (d.schedule) out.line(`    #${d.schedule.order}, ${d.schedule.why}`);
        }
        if (e.plan.estimatedMs != null) out.line(`  Estimated: ${formatDuration(e.plan.estimatedMs)} for the databases with ${e.plan.jobs} worker(s) in all (pre-data runs beside the workers).`);
        for (const w of e.plan.warnings) out.line(`! ${w}`);
        break;
      case 'file-end':
        out.line(`${e.result.kind}: ${e.result.status} — ${e.result.reason}${e.result.changes ? ` (${e.result.changes} line(s) made Flexible-safe)` : ''}`);
        for (const err of e.result.errors.slice(0, 10)) out.line(`    ${err.benign ? 'benign' : err.category}: ${err.message}`);
        break;
      case 'database-start':
        if (!out.isTTY) out.line(`${e.name}: started with ${e.jobs} worker(s)`);
        break;
      case 'database-end':
        if (!out.isTTY) out.line(`${e.result.name}: ${e.result.status} in ${formatDuration(e.result.durationMs)} — ${e.result.reason}${e.result.verify ? ` ${verifySummaryLine(e.result.verify)}.` : ''}`);
        break;
      case 'progress': {
        if (!out.isTTY || e.databases.length === 0) break;
        const now = Date.now();
        const finished = e.databases.every((d) => d.status !== 'running' && d.status !== 'pending');
        if (now - lastDraw < 1000 && !finished) break;
        lastDraw = now;
        if (drawn) process.stdout.write(`\x1b[${drawn}A`);
        const lines = [...e.databases.map(lane), `  overall ${bar(e.overall.fraction, 30)} ${Math.floor(e.overall.fraction * 100)}%` +
          `${e.overall.etaMs != null ? `, eta ${formatDuration(e.overall.etaMs)}` : ''}`];
        for (const l of lines) process.stdout.write(`\x1b[2K${l}\n`);
        drawn = lines.length;
        break;
      }
      default:
        break;
    }
  };
}
