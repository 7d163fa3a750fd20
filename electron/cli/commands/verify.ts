/**
 * `pgflex-restore verify <folder> --target <uri>`: checks a target restored earlier — by this tool
 * or by hand — against the restore set's archives: objects by kind, every table's rows, sequences.
 * Also the JSON shape and the human lines the replay command prints for its verification.
 */
import { basename } from 'node:path';
import { findClientTools } from '../../core/binaries/find';
import { UserError } from '../../core/errors';
import { inspectFolder } from '../../core/inspect';
import type { DatabaseResult } from '../../core/replay/types';
import { SYSTEM_DATABASES } from '../../core/restore-set/types';
import { connectTarget } from '../../core/target/connect';
import { parseTargetUri } from '../../core/target/target-uri';
import type { TargetConnection } from '../../core/target/types';
import type { VerifyResult } from '../../core/verify/types';
import { verifyDatabase } from '../../core/verify/verify-database';
import { verifySummaryLine } from '../../shared/verify-summary';
import { intOption, listOption, parse, renameOption } from '../args';
import { EXIT } from '../exit-codes';
import { formatDuration, type Out } from '../print';

const OPTIONS = {
  target: { type: 'string' }, databases: { type: 'string', multiple: true }, rename: { type: 'string', multiple: true },
  concurrency: { type: 'string' }, 'statement-timeout': { type: 'string' }, 'no-privileges': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The verification in the JSON summary: `{ok, tables: [{name, archiveRows, targetRows}], objects: {kind: …}}`. */
export function verifyJson(v: VerifyResult) {
  return {
    ok: v.ok,
    summary: verifySummaryLine(v),
    tables: v.tables.map((t) => ({ name: t.name, archiveRows: t.archiveRows, targetRows: t.targetRows, ok: t.ok, ...(t.note ? { note: t.note } : {}) })),
    objects: Object.fromEntries(v.objects.map(({ kind, ...rest }) => [kind, rest])),
    sequences: v.sequences,
    notes: v.notes,
    durationMs: v.durationMs,
    rowCount: v.rowCount,
  };
}

/** A database result with its verification in the JSON shape. */
export function databaseJson(d: DatabaseResult) {
  return d.verify ? { ...d, verify: verifyJson(d.verify) } : d;
}

/** The verdict, then each difference, for people. */
export function printVerify(v: VerifyResult, out: Out): void {
  out.line(`      ${verifySummaryLine(v)}`);
  if (v.ok) return;
  for (const t of v.tables.filter((x) => !x.ok)) out.line(`        table ${t.name}: ${t.archiveRows ?? '—'} in the backup, ${t.targetRows ?? '—'} on the target${t.note ? ` (${t.note})` : ''}`);
  for (const o of v.objects.filter((x) => !x.ok)) {
    out.line(`        ${o.kind}: ${o.archive} in the backup, ${o.target} on the target`);
    if (o.missing.length) out.line(`          missing: ${o.missing.join(', ')}`);
    if (o.extra.length) out.line(`          not in the backup: ${o.extra.join(', ')}`);
    for (const d of o.differs) out.line(`          different: ${d}`);
  }
  for (const s of v.sequences.mismatched) out.line(`        sequence ${s.name}: ${s.archive} in the backup, ${s.target ?? 'missing'} on the target`);
  for (const n of v.notes) out.line(`        note: ${n}`);
}

/** --statement-timeout in seconds (default 300): how long one count(*) may take before it is skipped. */
function timeoutOption(value: string | undefined): number {
  if (value === undefined) return 300_000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new UserError('bad-argument', `--statement-timeout must be a whole number of seconds from 1 to 86400, not "${value}".`, 'For example --statement-timeout 600.');
  return n * 1000;
}

async function existingDatabases(target: TargetConnection): Promise<Set<string>> {
  const c = await connectTarget(target);
  try {
    return new Set((await c.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
  } finally {
    await c.end();
  }
}

export async function verifyCommand(argv: string[], out: Out): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS);
  const folder = positionals[0];
  if (!folder || !v.target) throw new UserError('bad-argument', 'verify needs a folder and --target.', 'pgflex-restore verify <folder> --target <postgresql URI> [--databases a,b] [--rename src=new]');
  const target = parseTargetUri(v.target as string, process.env);
  const rename = renameOption(v.rename as string[] | undefined);
  const wanted = listOption(v.databases as string[] | undefined);
  const options = { concurrency: intOption(v.concurrency as string | undefined, 'concurrency', 2), statementTimeoutMs: timeoutOption(v['statement-timeout'] as string | undefined) };
  const inspection = await inspectFolder(folder, await findClientTools());
  const files = inspection.set.databases.filter((f) => (wanted ? wanted.includes(f.database!) : !SYSTEM_DATABASES.has(f.database!)));
  if (!files.length) throw new UserError('folder-empty', `No database dumps to verify in ${folder}${wanted ? ` named ${wanted.join(', ')}` : ''}.`, 'Name databases the set holds (pgflex-restore inspect lists them).');
  const present = await existingDatabases(target);
  const results: { name: string; targetName: string; verify: ReturnType<typeof verifyJson> | null; problem: string | null }[] = [];
  for (const f of files) {
    const name = f.database!;
    const targetName = rename[name] ?? name;
    const archive = inspection.archives.get(basename(f.path));
    let problem: string | null = null;
    let verify: VerifyResult | null = null;
    if (!archive) problem = `its dump cannot be read: ${inspection.problems.get(basename(f.path))?.message ?? 'unknown problem'}`;
    else if (!present.has(targetName)) problem = `database "${targetName}" does not exist on the target`;
    else verify = await verifyDatabase({ archive, target, database: targetName, context: { noOwner: true, noPrivileges: Boolean(v['no-privileges']), allowedExtensions: null }, options });
    results.push({ name, targetName, verify: verify ? verifyJson(verify) : null, problem });
    if (!v.json) {
      out.line(`${name}${targetName !== name ? ` → ${targetName}` : ''}: ${problem ? `not verified — ${problem}` : `${verify!.ok ? 'verified' : 'NOT verified'} in ${formatDuration(verify!.durationMs)}`}`);
      if (verify) printVerify(verify, out);
    }
  }
  const ok = results.every((r) => r.verify?.ok === true);
  if (v.json) out.json({ type: 'verify', ok, databases: results });
  return ok ? EXIT.ok : EXIT.incomplete;
}
