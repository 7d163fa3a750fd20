/**
 * Writes an Azure-style "restore as files" set with the real PostgreSQL tools, for the sample, the
 * tests and the benchmark: databases are created on a real source cluster (PostgreSQL 15, since
 * pg_dump 15 refuses newer servers), filled by their setup SQL, then dumped as Azure does:
 *   <prefix>_database_<db name>.sql   pg_dump -Fc, one per database (name carried verbatim)
 *   <prefix>_roles.sql                pg_dumpall --roles-only
 *   <prefix>_schema.sql               pg_dumpall --schema-only
 *   <prefix>_tablespaces.sql          pg_dumpall --tablespaces-only
 *   backupstarttimestamp              the marker
 * The Azure-managed databases (azure_maintenance, azure_sys, postgres) are dumped too, and the
 * Azure roles exist, so the set looks like the real thing. pg_dumpall covers the whole cluster:
 * on a cluster shared with other work, the roles file lists its other roles too (use a cluster of
 * your own for an exact set). Passwords go through PGPASSWORD, never argv.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { AZURE_DATABASE_NAMES, AZURE_DATABASE_SETUP, AZURE_ROLE_NAMES, AZURE_ROLES_SQL } from './azure-like';

/** The backup name Azure puts in front of every file; a fixed GUID so sets are reproducible. */
export const DEFAULT_PREFIX = 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d';
/** The marker text, in the format seen in a real restore (7 fractional digits, UTC). */
export const DEFAULT_MARKER = '2024-04-10T10:30:46.2303875Z';
/** Name of the marker file. */
export const MARKER_FILE = 'backupstarttimestamp';

/** Connection facts of the source cluster (a superuser). */
export interface SourceCluster {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** One database to create and dump. */
export interface DatabaseSpec {
  name: string;
  /** SQL run inside the new database (several statements allowed). */
  setupSql: string;
  /** Role that owns the database (must exist, e.g. made by rolesSql); default the connecting superuser. */
  owner?: string;
}

/** Options of {@link makeRestoreSet}. */
export interface MakeRestoreSetOptions {
  cluster: SourceCluster;
  outDir: string;
  databases: DatabaseSpec[];
  /** SQL run in `postgres` before the databases are made (roles, memberships `GRANTED BY azuresu`). */
  rolesSql?: string;
  /** File name prefix; default {@link DEFAULT_PREFIX}. */
  prefix?: string;
  /** Write each dump through a pipe, as Azure does, so the archive records no data offsets. Default false. */
  piped?: boolean;
  /** Content of `backupstarttimestamp`; default {@link DEFAULT_MARKER}. */
  markerText?: string;
  /** Leave the databases and the roles of rolesSql on the source cluster; default false (drop them). */
  keep?: boolean;
  /** Folder of pg_dump/pg_dumpall; default: found on PATH. */
  binDir?: string;
}

/** What was written. */
export interface MadeRestoreSet {
  outDir: string;
  prefix: string;
  markerText: string;
  /** Absolute paths, by kind; databases by database name. */
  files: { marker: string; roles: string; schema: string; tablespaces: string; databases: Record<string, string> };
  /** Rows per table (`schema.table`) per dumped database, counted on the source when dumped. */
  rowCounts: Record<string, Record<string, number>>;
  /** Roles that rolesSql created (the Azure roles are not listed). */
  roles: string[];
  /** The source server's version, e.g. "15.18". */
  sourceVersion: string;
}

const ADVISORY_KEY = 740_213_587; // serialises the Azure fixtures between generators sharing a cluster

/** The file name of a database dump in an Azure set: the name goes in verbatim. */
export function databaseFileName(prefix: string, database: string): string {
  return `${prefix}_database_${database}.sql`;
}

/** Creates the databases on the source cluster, dumps them and the globals, and writes the set into outDir. */
export async function makeRestoreSet(opts: MakeRestoreSetOptions): Promise<MadeRestoreSet> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const markerText = opts.markerText ?? DEFAULT_MARKER;
  mkdirSync(opts.outDir, { recursive: true });
  const admin = await connect(opts.cluster, 'postgres');
  const made: string[] = [];
  let rolesMade: string[] = [];
  try {
    const sourceVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version.split(' ')[0];
    await ensureAzureFixtures(admin, opts.cluster);
    const rolesBefore = await roleNames(admin);
    if (opts.rolesSql) await admin.query(opts.rolesSql);
    // Only names rolesSql mentions: on a shared cluster others may create roles meanwhile.
    const mentioned = (opts.rolesSql ?? '').toLowerCase();
    rolesMade = [...(await roleNames(admin))].filter((r) => !rolesBefore.has(r) && mentioned.includes(r.toLowerCase()));
    for (const db of opts.databases) {
      const owner = db.owner ? ` OWNER ${ident(db.owner)}` : '';
      await admin.query(`CREATE DATABASE ${ident(db.name)}${owner} TEMPLATE template0 ENCODING 'UTF8'`);
      made.push(db.name);
      await withClient(opts.cluster, db.name, (c) => c.query(db.setupSql));
    }

    const dumped = [...AZURE_DATABASE_NAMES, 'postgres', ...opts.databases.map((d) => d.name)];
    const files: MadeRestoreSet['files'] = {
      marker: join(opts.outDir, MARKER_FILE),
      roles: join(opts.outDir, `${prefix}_roles.sql`),
      schema: join(opts.outDir, `${prefix}_schema.sql`),
      tablespaces: join(opts.outDir, `${prefix}_tablespaces.sql`),
      databases: {},
    };
    const rowCounts: MadeRestoreSet['rowCounts'] = {};
    for (const name of dumped) {
      rowCounts[name] = await withClient(opts.cluster, name, countRows);
      const file = join(opts.outDir, databaseFileName(prefix, name));
      await pgDump(opts, name, file);
      files.databases[name] = file;
    }
    await dumpAll(opts, ['--roles-only'], files.roles);
    await dumpAll(opts, ['--tablespaces-only'], files.tablespaces);
    const others = (await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate'))
      .rows.map((r) => r.datname).filter((n) => !dumped.includes(n));
    // Another user of a shared cluster may drop a database while pg_dumpall walks them: retry.
    await retry(3, () => dumpAll(opts, ['--schema-only', ...others.flatMap((n) => ['--exclude-database', quotePattern(n)])], files.schema));
    writeFileSync(files.marker, markerText);
    return { outDir: opts.outDir, prefix, markerText, files, rowCounts, roles: rolesMade, sourceVersion };
  } finally {
    if (!opts.keep) await cleanUp(admin, made, rolesMade);
    await admin.end();
  }
}

async function connect(cluster: SourceCluster, database: string): Promise<pg.Client> {
  const client = new pg.Client({ ...cluster, database });
  await client.connect();
  return client;
}

async function withClient<T>(cluster: SourceCluster, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(cluster, database);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A quoted SQL identifier. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A psql-style pattern that matches exactly this name (double quotes make every character literal). */
function quotePattern(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function roleNames(c: pg.Client): Promise<Set<string>> {
  return new Set((await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((r) => r.rolname));
}

/** Azure roles and databases; made once per cluster, kept (other generators may be using them). */
async function ensureAzureFixtures(admin: pg.Client, cluster: SourceCluster): Promise<void> {
  await admin.query('SELECT pg_advisory_lock($1)', [ADVISORY_KEY]);
  try {
    const roles = await roleNames(admin);
    for (const name of AZURE_ROLE_NAMES) if (!roles.has(name)) await admin.query(AZURE_ROLES_SQL[name]);
    const dbs = new Set((await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
    for (const name of AZURE_DATABASE_NAMES) {
      if (dbs.has(name)) continue;
      await admin.query(`CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8'`);
      await withClient(cluster, name, (c) => c.query(AZURE_DATABASE_SETUP[name]));
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [ADVISORY_KEY]);
  }
}

/** Exact row counts of every ordinary table outside the system schemas (partitions count on their own). */
async function countRows(c: pg.Client): Promise<Record<string, number>> {
  const tables = (await c.query<{ nspname: string; relname: string }>(`
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2`)).rows;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(t.nspname)}.${ident(t.relname)}`);
    out[`${t.nspname}.${t.relname}`] = Number(r.rows[0].n);
  }
  return out;
}

function toolEnv(cluster: SourceCluster, database?: string): NodeJS.ProcessEnv {
  return {
    ...process.env, LC_ALL: 'C', PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user,
    PGPASSWORD: cluster.password, ...(database ? { PGDATABASE: database } : {}), PGCONNECT_TIMEOUT: '10',
  };
}

function tool(opts: MakeRestoreSetOptions, name: string): string {
  return opts.binDir ? join(opts.binDir, name) : name;
}

/** Runs a client tool; resolves when it exits 0, else rejects with its stderr. */
function runTool(file: string, args: string[], env: NodeJS.ProcessEnv, stdoutTo?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, shell: false, stdio: ['ignore', stdoutTo ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const copied = stdoutTo ? pipeline(child.stdout!, createWriteStream(stdoutTo)) : Promise.resolve();
    child.once('error', reject);
    child.once('close', (code, signal) => {
      copied.then(() => {
        if (code === 0) resolve();
        else reject(new Error(`${file} ${args.join(' ')} failed (code ${code}, signal ${signal}): ${stderr.trim()}`));
      }, reject);
    });
  });
}

function pgDump(opts: MakeRestoreSetOptions, database: string, file: string): Promise<void> {
  // The database name travels in PGDATABASE: as -d, a name holding "=" would be read as a connection string.
  const env = toolEnv(opts.cluster, database);
  return opts.piped
    ? runTool(tool(opts, 'pg_dump'), ['-Fc', '-w'], env, file)
    : runTool(tool(opts, 'pg_dump'), ['-Fc', '-w', '-f', file], env);
}

function dumpAll(opts: MakeRestoreSetOptions, args: string[], file: string): Promise<void> {
  return runTool(tool(opts, 'pg_dumpall'), [...args, '-w', '-l', 'postgres', '-f', file], toolEnv(opts.cluster));
}

async function retry(times: number, fn: () => Promise<void>): Promise<void> {
  for (let i = 1; ; i += 1) {
    try {
      return await fn();
    } catch (err) {
      if (i >= times) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

async function cleanUp(admin: pg.Client, databases: string[], roles: string[]): Promise<void> {
  for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`).catch(() => undefined);
  for (const role of roles) {
    await admin.query(`DROP OWNED BY ${ident(role)}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${ident(role)}`).catch(() => undefined);
  }
}
