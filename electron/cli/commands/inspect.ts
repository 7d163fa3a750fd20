/** `pgflex-restore inspect <folder> [--json]`: what a restore set holds, read without any child process. */
import { findClientTools } from '../../core/binaries/find';
import { UserError } from '../../core/errors';
import { inspectFolder, type Inspection } from '../../core/inspect';
import { SYSTEM_DATABASES } from '../../core/restore-set/types';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import { formatBytes } from '../../shared/format-bytes';
import type { Out } from '../print';

/** The documented `inspect --json` shape. */
export function inspectionJson(i: Inspection) {
  const fileOf = (f: { file: string } | null) => (f ? { file: f.file } : null);
  return {
    folder: i.set.folder,
    marker: i.set.marker ? { file: i.set.marker.file, raw: i.set.marker.raw, takenAt: i.set.marker.takenAt, format: i.set.marker.format } : null,
    databases: i.set.databases.map((f) => {
      const a = i.archives.get(f.file);
      const problem = i.problems.get(f.file);
      const client = i.clients.get(f.file);
      return {
        name: f.database!, file: f.file, size: f.size,
        archiveVersion: a?.archiveVersion ?? null, pgDumpVersion: a?.pgDumpVersion ?? null, serverVersion: a?.serverVersion ?? null,
        tocEntries: a?.listedEntries ?? null, tables: a?.tables.length ?? null, dataBytes: a?.dataBytes ?? null,
        extensions: a?.extensions ?? [], system: SYSTEM_DATABASES.has(f.database!),
        client: client ? { path: client.path, version: client.version } : null,
        problem: problem ? problem.toJSON() : null,
      };
    }),
    roles: fileOf(i.set.roles),
    schema: fileOf(i.set.schema),
    tablespaces: fileOf(i.set.tablespaces),
    // Every entry that is not used, with what it is and why (never silently left out).
    unknown: i.set.unknown.map((f) => ({ file: f.file, entry: f.entry ?? 'file', note: f.note ?? 'Not a file Azure Backup writes; not used.' })),
  };
}

export async function inspectCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, 'client-tools': { type: 'string' } });
  const folder = positionals[0];
  if (!folder) throw new UserError('bad-argument', 'inspect needs a folder.', 'pgflex-restore inspect <folder> [--json]');
  const inspection = await inspectFolder(folder, findClientTools({ settingPath: values['client-tools'] as string | undefined }));
  const json = inspectionJson(inspection);
  const problems = json.databases.filter((d) => d.problem).length;
  if (values.json) {
    out.json(json);
    return problems ? EXIT.incomplete : EXIT.ok;
  }
  const m = json.marker;
  out.line(`Restore set: ${json.folder}`);
  out.line(m ? `Backup taken: ${m.takenAt ? m.takenAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'unreadable'}   (marker ${m.file}: "${m.raw.trim().slice(0, 80)}")` : 'Backup taken: unknown (no backupstarttimestamp marker in the folder)');
  out.line('');
  for (const d of json.databases) {
    const tag = d.system ? ' [system: skipped by default]' : '';
    if (d.problem) {
      out.line(`  ✗ ${d.name}${tag}  ${d.file}`);
      out.line(`      ${d.problem.message}`);
      out.line(`      → ${d.problem.hint}`);
      continue;
    }
    out.line(`  ✓ ${d.name}${tag}  archive ${d.archiveVersion}, pg_dump ${d.pgDumpVersion}, server ${d.serverVersion}, ` +
      `${d.tocEntries} entries, ${d.tables} tables, ${formatBytes(d.dataBytes ?? 0)} data` +
      (d.extensions.length ? `, extensions: ${d.extensions.join(', ')}` : '') + (d.client ? `  (pg_restore ${d.client.version})` : ''));
  }
  for (const kind of ['roles', 'schema', 'tablespaces'] as const) out.line(`  ${kind}: ${json[kind]?.file ?? '—'}`);
  if (json.unknown.length) out.line('  not used:');
  for (const f of json.unknown) out.line(`    ${JSON.stringify(f.file)} (${f.entry}): ${f.note}`);
  if (json.databases.length === 0) out.line('  No database dumps (files named <guid>_database_<name>.sql) in this folder.');
  return problems ? EXIT.incomplete : EXIT.ok;
}
