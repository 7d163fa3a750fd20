/**
 * The catalog queries that read back, from a restored database, the objects pg_dump would have
 * listed in its TOC — with pg_dump's own rules: system schemas and extension members left out,
 * constraint-backed indexes counted as constraints, cloned partition triggers and foreign keys
 * left out (pg_dump does not dump them; the server re-creates them), names formatted as pg_dump
 * tags them. Run with `search_path = ''` so type names come out schema-qualified, as in pg_dump.
 */
import { UserError } from '../errors';
import { OWNER } from './grants';

/** Objects outside the system schemas; `$ns` is the namespace oid column. */
const USER_NS = (ns: string) => `${ns} IN (SELECT oid FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%')`;
/** Not a member of an extension (pg_dump leaves those to CREATE EXTENSION). */
const NOT_EXT = (cls: string, oid: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/**
 * The oldest server the queries read: prokind and conparentid are PostgreSQL 11's (Azure's
 * Flexible Server starts at 11). tgparentid is 13's; before it, a partition's cloned trigger was
 * marked internal, which `NOT tgisinternal` already leaves out.
 */
export const MIN_SERVER_VERSION_NUM = 110000;

/** Throws a clear refusal for a server older than the queries read (`versionNum` is server_version_num). */
export function checkServerVersion(versionNum: number): void {
  if (versionNum >= MIN_SERVER_VERSION_NUM) return;
  const shown = versionNum >= 100000 ? String(Math.floor(versionNum / 10000)) : `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}`;
  throw new UserError('target-refused', `The target runs PostgreSQL ${shown}; checking a restore against its archive reads catalogs of PostgreSQL 11 or newer.`,
    'The restore itself is not affected. Replay with --no-verify (or turn verification off), or restore into PostgreSQL 11 or newer.', { serverVersionNum: versionNum });
}

/** One row per object: kind, schema, pg_dump's tag, for a server of `versionNum` (server_version_num). */
export const objectsSql = (versionNum: number) => `
SELECT 'tables' AS kind, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) AS schema, c.relname AS tag FROM pg_class c
  WHERE c.relkind IN ('r', 'p') AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
UNION ALL SELECT CASE c.relkind WHEN 'S' THEN 'sequences' WHEN 'v' THEN 'views' ELSE 'matviews' END, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace), c.relname FROM pg_class c
  WHERE c.relkind IN ('S', 'v', 'm') AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
UNION ALL SELECT 'indexes', (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace), c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'i.indrelid')}
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x') AND k.conrelid = i.indrelid)
UNION ALL SELECT 'constraints', (SELECT nspname FROM pg_namespace WHERE oid = t.relnamespace), t.relname || ' ' || k.conname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
  WHERE ${USER_NS('t.relnamespace')} AND ${NOT_EXT('pg_class', 't.oid')}
    AND (k.contype IN ('p', 'u', 'x') OR (k.contype = 'f' AND k.conparentid = 0) OR (k.contype = 'c' AND NOT k.convalidated AND k.conislocal))
UNION ALL SELECT 'functions', (SELECT nspname FROM pg_namespace WHERE oid = p.pronamespace), p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')' FROM pg_proc p
  WHERE ${USER_NS('p.pronamespace')} AND ${NOT_EXT('pg_proc', 'p.oid')}
UNION ALL SELECT 'triggers', (SELECT nspname FROM pg_namespace WHERE oid = t.relnamespace), t.relname || ' ' || g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
  WHERE NOT g.tgisinternal${versionNum >= 130000 ? ' AND g.tgparentid = 0' : ''} AND ${USER_NS('t.relnamespace')} AND ${NOT_EXT('pg_class', 't.oid')}
UNION ALL SELECT 'policies', (SELECT nspname FROM pg_namespace WHERE oid = t.relnamespace), t.relname || ' ' || p.polname FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid
  WHERE ${USER_NS('t.relnamespace')}
UNION ALL SELECT 'extensions', '', e.extname FROM pg_extension e WHERE e.extname <> 'plpgsql'
`;

/** `schema.rel` of a relation's oid column, for the catalogs joined below. */
const NSP = (ns: string) => `(SELECT nspname FROM pg_namespace WHERE oid = ${ns})`;

/** A function's pg_dump tag as in its COMMENT and ACL entries: `FUNCTION name(arg type, …)`. */
const FUNCTION_TAG = `CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' WHEN 'a' THEN 'AGGREGATE ' ELSE 'FUNCTION ' END || quote_ident(p.proname)
  || '(' || CASE WHEN p.prokind = 'a' AND p.pronargs = 0 THEN '*' ELSE pg_catalog.pg_get_function_identity_arguments(p.oid) END || ')'`;

/**
 * Every comment pg_dump writes as a COMMENT entry: the commented object's pg_dump tag (its
 * schema apart, '' for schemas, extensions and large objects) and the text.
 */
export const COMMENTS_SQL = `
SELECT ${NSP('c.relnamespace')} AS schema,
  CASE WHEN d.objsubid > 0 THEN 'COLUMN ' || quote_ident(c.relname) || '.' || quote_ident(a.attname)
  ELSE CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW ' WHEN 'f' THEN 'FOREIGN TABLE '
    WHEN 'i' THEN 'INDEX ' WHEN 'I' THEN 'INDEX ' ELSE 'TABLE ' END || quote_ident(c.relname) END AS tag, d.description AS text
  FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
  LEFT JOIN pg_attribute a ON d.objsubid > 0 AND a.attrelid = c.oid AND a.attnum = d.objsubid
  WHERE ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
UNION ALL SELECT '', 'SCHEMA ' || quote_ident(n.nspname), d.description FROM pg_description d JOIN pg_namespace n ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid
  WHERE ${USER_NS('n.oid')} AND NOT (n.nspname = 'public' AND d.description = 'standard public schema')
UNION ALL SELECT ${NSP('p.pronamespace')}, ${FUNCTION_TAG}, d.description FROM pg_description d JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
  WHERE ${USER_NS('p.pronamespace')} AND ${NOT_EXT('pg_proc', 'p.oid')}
UNION ALL SELECT ${NSP('t.typnamespace')}, CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || quote_ident(t.typname), d.description
  FROM pg_description d JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
  WHERE ${USER_NS('t.typnamespace')} AND ${NOT_EXT('pg_type', 't.oid')}
UNION ALL SELECT ${NSP('k.connamespace')}, 'CONSTRAINT ' || quote_ident(k.conname) || ' ON '
    || CASE WHEN k.contypid <> 0 THEN 'DOMAIN ' || quote_ident((SELECT typname FROM pg_type WHERE oid = k.contypid)) ELSE quote_ident((SELECT relname FROM pg_class WHERE oid = k.conrelid)) END,
  d.description FROM pg_description d JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid
  WHERE ${USER_NS('k.connamespace')}
UNION ALL SELECT ${NSP('c.relnamespace')}, 'TRIGGER ' || quote_ident(g.tgname) || ' ON ' || quote_ident(c.relname), d.description
  FROM pg_description d JOIN pg_trigger g ON d.classoid = 'pg_trigger'::regclass AND d.objoid = g.oid JOIN pg_class c ON c.oid = g.tgrelid
  WHERE NOT g.tgisinternal
UNION ALL SELECT ${NSP('c.relnamespace')}, 'POLICY ' || quote_ident(p.polname) || ' ON ' || quote_ident(c.relname), d.description
  FROM pg_description d JOIN pg_policy p ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid JOIN pg_class c ON c.oid = p.polrelid
UNION ALL SELECT '', 'EXTENSION ' || quote_ident(e.extname), d.description FROM pg_description d JOIN pg_extension e ON d.classoid = 'pg_extension'::regclass AND d.objoid = e.oid
  WHERE e.extname <> 'plpgsql'
UNION ALL SELECT '', 'LARGE OBJECT ' || d.objoid, d.description FROM pg_description d WHERE d.classoid = 'pg_largeobject'::regclass
`;

/** An aclitem[] as JSON grants; the owner (oid expression `owner`) shown as OWNER, whoever it is. */
const GRANTS = (acl: string, owner: string) => `(SELECT coalesce(json_agg(json_build_object(
  'grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' WHEN a.grantee = ${owner} THEN '${OWNER}' ELSE pg_get_userbyid(a.grantee) END,
  'privilege', a.privilege_type, 'grantable', a.is_grantable)), '[]') FROM aclexplode(${acl}) a)`;

/** The object's initial privileges (pg_init_privs), which pg_dump diffs against instead of acldefault; null when none. */
const INIT = (cls: string, oid: string, sub: string, owner: string) =>
  `(SELECT ${GRANTS('ip.initprivs', owner)} FROM pg_init_privs ip WHERE ip.classoid = '${cls}'::regclass AND ip.objoid = ${oid} AND ip.objsubid = ${sub})`;

/**
 * Every object with explicit privileges (an ACL set, even if back to the default): its pg_dump
 * ACL tag, acldefault type, initial privileges and privileges held.
 */
export const ACLS_SQL = `
SELECT ${NSP('c.relnamespace')} AS schema, CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || quote_ident(c.relname) AS tag,
  CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END AS type, ${INIT('pg_class', 'c.oid', '0', 'c.relowner')} AS init, ${GRANTS('c.relacl', 'c.relowner')} AS grants
  FROM pg_class c WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
UNION ALL SELECT ${NSP('c.relnamespace')}, 'COLUMN ' || quote_ident(c.relname) || '.' || quote_ident(a.attname), 'c',
  ${INIT('pg_class', 'c.oid', 'a.attnum', 'c.relowner')}, ${GRANTS('a.attacl', 'c.relowner')}
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL AND cardinality(a.attacl) > 0 AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
UNION ALL SELECT '', 'SCHEMA ' || quote_ident(n.nspname), 'n', ${INIT('pg_namespace', 'n.oid', '0', 'n.nspowner')}, ${GRANTS('n.nspacl', 'n.nspowner')}
  FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND ${USER_NS('n.oid')}
UNION ALL SELECT ${NSP('p.pronamespace')}, ${FUNCTION_TAG}, 'f', ${INIT('pg_proc', 'p.oid', '0', 'p.proowner')}, ${GRANTS('p.proacl', 'p.proowner')}
  FROM pg_proc p WHERE p.proacl IS NOT NULL AND ${USER_NS('p.pronamespace')} AND ${NOT_EXT('pg_proc', 'p.oid')}
UNION ALL SELECT ${NSP('t.typnamespace')}, 'TYPE ' || quote_ident(t.typname), 'T', ${INIT('pg_type', 't.oid', '0', 't.typowner')}, ${GRANTS('t.typacl', 't.typowner')}
  FROM pg_type t WHERE t.typacl IS NOT NULL AND t.typelem = 0 AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
    AND ${USER_NS('t.typnamespace')} AND ${NOT_EXT('pg_type', 't.oid')}
UNION ALL SELECT '', 'LARGE OBJECT ' || m.oid, 'L', NULL, ${GRANTS('m.lomacl', 'm.lomowner')} FROM pg_largeobject_metadata m WHERE m.lomacl IS NOT NULL
`;

/** Each compared type's default privileges (acldefault), the owner shown as OWNER. */
export const ACL_DEFAULTS_SQL = `SELECT t AS type, ${GRANTS('acldefault(t::"char", 10::oid)', '10')} AS grants FROM unnest(ARRAY['r', 's', 'f', 'n', 'T', 'L']) AS t`;

/** How many large objects the database holds. */
/** Every role of the server: a grant to a role it does not have cannot have been restored. */
export const ROLES_SQL = 'SELECT rolname AS name FROM pg_roles';
export const LARGE_OBJECTS_SQL = 'SELECT count(*) AS n FROM pg_largeobject_metadata';

/** Every user table (and partitioned table) with its kind, for the row counts. */
export const TABLES_SQL = `
SELECT c.oid::int8 AS oid, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) AS schema, c.relname AS name, c.relkind::text AS relkind,
  c.relispopulated AS populated, c.relpages AS pages
FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm') AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
`;

/** Every user sequence, for their values. */
export const SEQUENCES_SQL = `
SELECT c.oid::int8 AS oid, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) AS schema, c.relname AS name FROM pg_class c
WHERE c.relkind = 'S' AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
`;
