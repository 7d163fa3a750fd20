/**
 * What a restored database holds, read from its catalogs, and the rows of each table by
 * `count(*)` — a bounded number at a time, each under a statement timeout, so one huge table
 * cannot stall the report (a count that times out is reported as skipped, with why). A cancel
 * (`signal`) cancels the running queries on the server (pg_cancel_backend: ending the connection
 * alone leaves a count scanning, or waiting for a lock, until it ends) and throws the abort reason.
 */
import type pg from 'pg';
import { connectTarget } from '../target/connect';
import type { TargetConnection } from '../target/types';
import { contentKey, emptyFacts, objectKey } from './archive-facts';
import { ACL_DEFAULTS_SQL, ACLS_SQL, checkServerVersion, COMMENTS_SQL, LARGE_OBJECTS_SQL, ROLES_SQL, objectsSql, SEQUENCES_SQL, TABLES_SQL } from './catalog-queries';
import type { AclDefaults, AclType, Grant } from './grants';
import type { ObjectKind, SideFacts, TargetAcl } from './types';

/** A table or materialized view on the target, with its rows when they were counted. */
export interface TargetTable {
  schema: string;
  name: string;
  relkind: 'r' | 'p' | 'm';
  populated: boolean;
  rows: number | null;
  /** Why rows is null. */
  skipped?: string;
  /** Its size in pages as the server last measured it (pg_class.relpages), to plan the counts. */
  pages?: number;
}

export interface TargetFactsOptions {
  /** Counts running at once (default 2). */
  concurrency?: number;
  /** Per count, in milliseconds (default 5 minutes). */
  statementTimeoutMs?: number;
  /** Aborting it stops the reading at once. */
  signal?: AbortSignal;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function open(conn: TargetConnection, database: string, timeoutMs: number): Promise<pg.Client> {
  const c = await connectTarget({ ...conn, database });
  // pg_dump's tags name types schema-qualified, as format_type does with an empty search path.
  await c.query(`SET search_path = ''; SET statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  return c;
}

/** What the target holds, as targetFacts reads it. */
export interface TargetSide {
  facts: SideFacts;
  tables: TargetTable[];
  /** Objects with explicit privileges, by contentKey. */
  acl: Record<string, TargetAcl>;
  aclDefaults: AclDefaults;
  /** Every role name of the server. */
  roles: Set<string>;
}

/** Reads the target database's objects, comments, privileges, sequence values and per-table row counts. */
export async function targetFacts(conn: TargetConnection, database: string, opts: TargetFactsOptions = {}): Promise<TargetSide> {
  const timeoutMs = opts.statementTimeoutMs ?? 300_000;
  const signal = opts.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const clients: pg.Client[] = [];
  let cancelling: Promise<void> = Promise.resolve();
  const onAbort = () => {
    cancelling = cancelBackends(conn, database, clients.map((c) => (c as unknown as { processID: number }).processID));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const first = await open(conn, database, timeoutMs);
    clients.push(first);
    // A query that fails because of the cancel reports the cancel, not its own error.
    const query = async <R extends pg.QueryResultRow>(c: pg.Client, text: string) => {
      signal.throwIfAborted();
      try {
        return (await c.query<R>(text)).rows;
      } catch (err) {
        signal.throwIfAborted();
        throw err;
      }
    };
    const versionNum = Number((await query<{ v: string }>(first, "SELECT current_setting('server_version_num') AS v"))[0].v);
    checkServerVersion(versionNum);
    const facts = emptyFacts();
    for (const r of await query<{ kind: ObjectKind; schema: string; tag: string }>(first, objectsSql(versionNum))) {
      const k = facts.objects[r.kind];
      k.count++;
      k.names?.push(objectKey(r.schema, r.tag));
    }
    for (const r of await query<{ schema: string; tag: string; text: string }>(first, COMMENTS_SQL)) facts.comments[contentKey(r.schema, r.tag)] = r.text;
    facts.objects.comments.count = Object.keys(facts.comments).length;
    facts.objects['large objects'].count = Number((await query<{ n: string }>(first, LARGE_OBJECTS_SQL))[0].n);
    const acl: Record<string, TargetAcl> = {};
    for (const r of await query<{ schema: string; tag: string; type: AclType; init: Grant[] | null; grants: Grant[] }>(first, ACLS_SQL)) {
      acl[contentKey(r.schema, r.tag)] = { type: r.type, init: r.init, grants: r.grants };
    }
    const aclDefaults = Object.fromEntries((await query<{ type: AclType; grants: Grant[] }>(first, ACL_DEFAULTS_SQL)).map((r) => [r.type, r.grants])) as AclDefaults;
    aclDefaults.c = [];
    const roles = new Set((await query<{ name: string }>(first, ROLES_SQL)).map((r) => r.name));
    const tables: TargetTable[] = (await query<{ schema: string; name: string; relkind: 'r' | 'p' | 'm'; populated: boolean; pages: number }>(first, TABLES_SQL))
      .map(({ schema, name, relkind, populated, pages }) => ({ schema, name, relkind, populated, pages, rows: null }));
    const seqs = await query<{ schema: string; name: string }>(first, SEQUENCES_SQL);
    await readSequences((text) => query(first, text), seqs, facts);
    const want = Math.max(1, opts.concurrency ?? 2);
    for (let i = 1; i < want; i++) {
      clients.push(await open(conn, database, timeoutMs));
      signal.throwIfAborted();
    }
    await countRows(clients, tables, timeoutMs, signal);
    signal.throwIfAborted();
    return { facts, tables, acl, aclDefaults, roles };
  } finally {
    signal.removeEventListener('abort', onAbort);
    await cancelling;
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
}

/**
 * Cancels whatever the given backends run, from a connection of its own. Best effort: when it
 * cannot connect, the connections are still ended (the server then ends a query when it notices).
 */
async function cancelBackends(conn: TargetConnection, database: string, pids: number[]): Promise<void> {
  if (!pids.length) return;
  try {
    const c = await connectTarget({ ...conn, database });
    try {
      await c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } finally {
      await c.end().catch(() => {});
    }
  } catch {
    // Nothing more to do: the caller ends the connections.
  }
}

/** Sequence values as pg_dump records them ("last_value,is_called"), 200 sequences a query. */
async function readSequences(query: (text: string) => Promise<{ i: number; v: string; is_called: boolean }[]>, seqs: { schema: string; name: string }[], facts: SideFacts): Promise<void> {
  for (let i = 0; i < seqs.length; i += 200) {
    const part = seqs.slice(i, i + 200);
    const q = part.map((s, j) => `SELECT ${j} AS i, last_value::text AS v, is_called FROM ${ident(s.schema)}.${ident(s.name)}`).join(' UNION ALL ');
    for (const r of await query(q)) {
      const s = part[r.i];
      facts.sequences[objectKey(s.schema, s.name)] = `${r.v},${r.is_called}`;
    }
  }
}

/** Tables at most this many pages (8 kB each, as the server last measured) are counted many to a query. */
const SMALL_PAGES = 128;
/** Small tables counted by one query. */
const BATCH = 100;

/**
 * count(*) of each table, `clients.length` queries at a time: the big tables one by one, biggest
 * first (the last to finish is then a small one), the small ones a hundred to a query (a schema
 * of thousands of lookup tables costs tens of round trips, not thousands). A batch that fails is
 * counted again table by table, so one unreadable table is named, not its neighbours.
 */
async function countRows(clients: pg.Client[], tables: TargetTable[], timeoutMs: number, signal: AbortSignal): Promise<void> {
  const counted: TargetTable[] = [];
  for (const t of tables) {
    if (t.relkind === 'p') t.skipped = 'partitioned table: its rows live in its partitions, each counted on its own';
    else if (t.relkind === 'm' && !t.populated) t.skipped = 'materialized view not populated (WITH NO DATA)';
    else counted.push(t);
  }
  const pages = (t: TargetTable) => t.pages ?? 0;
  const big = counted.filter((t) => pages(t) > SMALL_PAGES).sort((a, b) => pages(b) - pages(a));
  const small = counted.filter((t) => pages(t) <= SMALL_PAGES);
  const units: TargetTable[][] = big.map((t) => [t]);
  for (let i = 0; i < small.length; i += BATCH) units.push(small.slice(i, i + BATCH));
  // ONLY: pg_dump's COPY of an inheritance parent holds the parent's own rows, not its children's.
  const countSql = (part: TargetTable[]) => part.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ONLY ${ident(t.schema)}.${ident(t.name)}`).join(' UNION ALL ');
  const countOne = async (c: pg.Client, t: TargetTable) => {
    try {
      t.rows = Number((await c.query<{ n: string }>(countSql([t]))).rows[0].n);
    } catch (err) {
      if (signal.aborted) return;
      const e = err as { code?: string; message: string };
      t.skipped = e.code === '57014' ? `count(*) took longer than the ${Math.round(timeoutMs / 1000)} s statement timeout` : `count(*) failed: ${e.message}`;
    }
  };
  let next = 0;
  const worker = async (c: pg.Client) => {
    while (next < units.length && !signal.aborted) {
      const part = units[next++];
      if (part.length === 1) {
        await countOne(c, part[0]);
        continue;
      }
      try {
        for (const r of (await c.query<{ i: number; n: string }>(countSql(part))).rows) part[r.i].rows = Number(r.n);
      } catch {
        for (const t of part) if (!signal.aborted) await countOne(c, t);
      }
    }
  };
  await Promise.all(clients.map(worker));
}
