/**
 * `npm run sample [outDir]`: regenerates the sample restore set in resources/sample/ from a
 * throw-away PostgreSQL 15 cluster, with expected.json (row counts per table, counted on the
 * source) and a README. Deterministic rows; the archives' timestamps and OIDs differ per run.
 */
import { readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { startCluster } from '../test/support/pg-cluster';
import { DEFAULT_MARKER, makeRestoreSet, type MadeRestoreSet } from './lib/make-restore-set';
import { SAMPLE_DATABASES, SAMPLE_ROLES_SQL } from './lib/sample-spec';

const outDir = resolve(process.argv[2] ?? join(import.meta.dirname ?? '.', '..', 'resources', 'sample'));

/** The shape of resources/sample/expected.json. */
export interface SampleExpectations {
  generatedBy: string;
  sourceServerVersion: string;
  prefix: string;
  marker: string;
  roles: string[];
  databases: Record<string, { file: string; userDatabase: boolean; tables: Record<string, number> }>;
}

function expectations(set: MadeRestoreSet): SampleExpectations {
  const user = new Set(SAMPLE_DATABASES.map((d) => d.name));
  const databases: SampleExpectations['databases'] = {};
  for (const [name, file] of Object.entries(set.files.databases)) {
    databases[name] = { file: basename(file), userDatabase: user.has(name), tables: set.rowCounts[name] ?? {} };
  }
  return {
    generatedBy: 'npm run sample', sourceServerVersion: set.sourceVersion, prefix: set.prefix, marker: set.markerText,
    roles: set.roles.sort(), databases,
  };
}

function readme(set: MadeRestoreSet, exp: SampleExpectations): string {
  const sizes = readdirSync(outDir).filter((f) => f !== 'README.md').sort()
    .map((f) => `| \`${f}\` | ${statSync(join(outDir, f)).size.toLocaleString('en-US')} |`);
  const dbLines = Object.entries(exp.databases).map(([name, d]) => {
    const tables = Object.entries(d.tables).map(([t, n]) => `${t} (${n})`).join(', ') || 'no tables';
    return `- **${name}**${d.userDatabase ? '' : ' (Azure-managed, skipped by default)'}: ${tables}`;
  });
  return `# Sample restore set

A small Azure Database for PostgreSQL Flexible Server "restore as files" set, made with the real
PostgreSQL ${set.sourceVersion} tools, for trying the app without Azure (\`pgflex-restore demo\`) and for tests.
It is laid out like Azure Backup's output:

| file | bytes |
| --- | ---: |
${sizes.join('\n')}

- \`backupstarttimestamp\`: the marker, \`${exp.marker}\` (the format seen in a real restore).
- \`<prefix>_database_<name>.sql\`: \`pg_dump -Fc\` of each database, written through a pipe as Azure
  does, so the archives carry no data offsets. The database name is in the file name verbatim.
- \`<prefix>_roles.sql\`, \`_schema.sql\`, \`_tablespaces.sql\`: \`pg_dumpall --roles-only\`,
  \`--schema-only\`, \`--tablespaces-only\` (plain SQL for psql).

## Databases

${dbLines.join('\n')}

Extras: \`shop\` has foreign keys, indexes, a view (\`order_totals\`), a function
(\`customer_lifetime_value\`), an identity column and a sequence, and its objects are owned by
\`app_owner\`; \`Café Analytics\` (space and non-ASCII in the name) has the schema \`reporting\`, the
extensions \`citext\` and \`pg_trgm\` (a trigram GIN index) and objects owned by \`"Café Analyst"\`;
\`inventory\` has a table partitioned by month.

## Roles

Azure's own (\`azuresu\`, \`azure_pg_admin\`, \`azure_superuser\`, \`replication\`) and the sample's:
${exp.roles.map((r) => `\`${r}\``).join(', ')}. As on Azure, memberships read
\`GRANT … GRANTED BY azuresu\`, and the admin \`pgadmin\` is a member of \`azure_pg_admin\`. The sample's
roles have no passwords, but the file also lists the source cluster's superuser \`postgres\` with the
SCRAM hash of its throw-away password: replayed raw into a server you sign in to as \`postgres\` (the
sandbox), it changes that password and locks you out, which is why a replay must skip the role it
connects as. On PostgreSQL 16 and later, \`GRANTED BY azuresu\` fails even for a superuser ("permission
denied to grant privileges as role") unless the clause is dropped.

## expected.json

Row counts per table (\`schema.table\`) of every database, counted on the source while the set was
made; tests compare a replay against them.

## Regenerate

\`\`\`
npm run sample
\`\`\`

runs \`scripts/make-sample.ts\`: it starts a throw-away PostgreSQL 15 cluster (pg_dump 15 refuses
newer servers), creates the roles and databases from \`scripts/lib/sample-spec.ts\` and dumps them with
\`scripts/lib/make-restore-set.ts\`. The rows are deterministic; archive timestamps and OIDs are not.
`;
}

const cluster = await startCluster();
try {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const set = await makeRestoreSet({
    cluster, outDir, databases: SAMPLE_DATABASES, rolesSql: SAMPLE_ROLES_SQL, piped: true, markerText: DEFAULT_MARKER, keep: true,
  });
  const exp = expectations(set);
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(exp, null, 2) + '\n');
  writeFileSync(join(outDir, 'README.md'), readme(set, exp));
  const total = readdirSync(outDir).reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  console.log(`Wrote ${readdirSync(outDir).length} files, ${total} bytes, to ${relative(process.cwd(), outDir) || '.'}`);
} finally {
  await cluster.stop();
}
