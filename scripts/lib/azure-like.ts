/**
 * What makes a source cluster look like an Azure Database for PostgreSQL Flexible Server to
 * pg_dumpall: the roles Azure manages, and the small databases it keeps on every server.
 */

/** Roles that Azure creates on every Flexible Server, as Azure's roles dump shows them. */
export const AZURE_ROLE_NAMES = ['azuresu', 'azure_pg_admin', 'azure_superuser', 'replication'] as const;

/** Databases that Azure keeps on every Flexible Server (besides `postgres`). */
export const AZURE_DATABASE_NAMES = ['azure_maintenance', 'azure_sys'] as const;

/** Creates one Azure role if missing; run with an advisory lock held, since roles are cluster-wide. */
export const AZURE_ROLES_SQL: Record<(typeof AZURE_ROLE_NAMES)[number], string> = {
  azuresu: 'CREATE ROLE azuresu WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS',
  azure_pg_admin: 'CREATE ROLE azure_pg_admin WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS',
  azure_superuser: 'CREATE ROLE azure_superuser WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS',
  replication: 'CREATE ROLE replication WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN REPLICATION NOBYPASSRLS',
};

/** Small, deterministic content for the Azure-managed databases, run inside each right after it is created. */
export const AZURE_DATABASE_SETUP: Record<(typeof AZURE_DATABASE_NAMES)[number], string> = {
  azure_maintenance: `
    CREATE SCHEMA maintenance;
    CREATE TABLE maintenance.history (id int PRIMARY KEY, task text NOT NULL, ran_at timestamptz NOT NULL);
    INSERT INTO maintenance.history
      SELECT i, 'vacuum-analyze', timestamptz '2024-04-01 02:00:00+00' + i * interval '1 day' FROM generate_series(1, 7) AS i;
  `,
  azure_sys: `
    CREATE SCHEMA query_store;
    CREATE TABLE query_store.runtime_stats_entries (
      runtime_stats_entry_id bigint PRIMARY KEY, query_id bigint NOT NULL, calls bigint NOT NULL, total_time double precision NOT NULL);
    INSERT INTO query_store.runtime_stats_entries
      SELECT i, 1000 + i % 5, i * 3, i * 1.5 FROM generate_series(1, 20) AS i;
  `,
};
