/**
 * The restore-set shapes the replay benchmark measures, as database specs for makeRestoreSet
 * (real tables, real pg_dump): every shape a DBA meets, so no one allocation rule can win by luck.
 *   balanced  three databases of 1.6 M, 0.8 M and 0.4 M rows (≈104 MB of archives at scale 1)
 *   skewed    one database holding most of the data (≈15 MB archive) beside four small ones
 *   many      twelve small tenant databases (≈0.7 MB archives each), the multi-tenant server
 * `scale` multiplies every row count.
 */
import type { DatabaseSpec } from './make-restore-set';

/** A named shape. */
export interface BenchShape {
  name: 'balanced' | 'skewed' | 'many';
  what: string;
  databases: DatabaseSpec[];
}

/** A wide table with three secondary indexes and a primary key, `n` rows. */
function table(name: string, n: number): string {
  return `
    CREATE TABLE ${name} (id bigint PRIMARY KEY, customer int NOT NULL, sku text NOT NULL, note text, amount numeric(12,2), at timestamptz NOT NULL);
    INSERT INTO ${name} SELECT g, g % 50000, 'SKU-' || (g % 9973), repeat(md5(g::text), 2), (g % 100000) / 100.0,
      timestamptz '2024-01-01' + (g || ' seconds')::interval FROM generate_series(1, ${Math.max(1, n)}) g;
    CREATE INDEX ON ${name} (customer); CREATE INDEX ON ${name} (sku); CREATE INDEX ON ${name} (at);`;
}

/** A few catalog objects beside the data, as real schemas have. */
function extras(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `CREATE TABLE ${prefix}_lookup_${i} (code text PRIMARY KEY, label text); CREATE VIEW ${prefix}_v_${i} AS SELECT * FROM ${prefix}_lookup_${i};`).join('\n');
}

/** The three shapes at a scale. */
export function benchShapes(scale = 1): BenchShape[] {
  const rows = (n: number) => Math.round(n * scale);
  return [
    {
      name: 'balanced',
      what: 'three databases: 1.6 M, 0.8 M and 0.4 M rows',
      databases: [
        { name: 'bench_sales', setupSql: table('orders', rows(1_000_000)) + table('order_lines', rows(600_000)) },
        { name: 'bench_crm', setupSql: table('contacts', rows(500_000)) + table('activities', rows(300_000)) },
        { name: 'bench_audit', setupSql: table('events', rows(400_000)) },
      ],
    },
    {
      name: 'skewed',
      what: 'one database with most of the data (0.42 M rows) and four small ones',
      databases: [
        { name: 'skew_main', setupSql: table('orders', rows(250_000)) + table('order_lines', rows(130_000)) + table('payments', rows(40_000)) + extras('m', 10) },
        { name: 'skew_crm', setupSql: table('contacts', rows(60_000)) + extras('c', 5) },
        { name: 'skew_billing', setupSql: table('invoices', rows(15_000)) + extras('b', 5) },
        { name: 'skew_auth', setupSql: table('sessions', rows(1_200)) + extras('a', 3) },
        { name: 'skew_flags', setupSql: table('flags', rows(1_200)) + extras('f', 3) },
      ],
    },
    {
      name: 'many',
      what: 'twelve small tenant databases (20 k rows each)',
      databases: Array.from({ length: 12 }, (_, i) => ({
        name: `tenant_${String(i + 1).padStart(2, '0')}`,
        setupSql: table('orders', rows(12_000)) + table('customers', rows(8_000)) + extras('t', 4),
      })),
    },
  ];
}
