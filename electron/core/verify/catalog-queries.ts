/**
 * The catalog queries that read back, from a restored database, the objects pg_dump would have
 * listed in its TOC — with pg_dump's own rules: system schemas and extension members left out,
 * constraint-backed indexes counted as constraints, cloned partition triggers and foreign keys
 * left out (pg_dump does not dump them; the server re-creates them), names formatted as pg_dump
 * tags them. Run with `search_path = ''` so type names come out schema-qualified, as in pg_dump.
 */

/** Objects outside the system schemas; `$ns` is the namespace oid column. */
const USER_NS = (ns: string) => `${ns} IN (SELECT oid FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%')`;
/** Not a member of an extension (pg_dump leaves those to CREATE EXTENSION). */
const NOT_EXT = (cls: string, oid: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** One row per object: kind, schema, pg_dump's tag. */
export const OBJECTS_SQL = `
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
  WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND ${USER_NS('t.relnamespace')} AND ${NOT_EXT('pg_class', 't.oid')}
UNION ALL SELECT 'policies', (SELECT nspname FROM pg_namespace WHERE oid = t.relnamespace), t.relname || ' ' || p.polname FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid
  WHERE ${USER_NS('t.relnamespace')}
UNION ALL SELECT 'extensions', '', e.extname FROM pg_extension e WHERE e.extname <> 'plpgsql'
`;

/** The default ACL pg_dump compares with: the extension's initial privileges, else the built-in default. */
const DIFFERS = (acl: string, cls: string, oid: string, sub: string, kind: string, owner: string) =>
  `${acl} IS NOT NULL AND ${acl} IS DISTINCT FROM coalesce((SELECT ip.initprivs FROM pg_init_privs ip WHERE ip.classoid = '${cls}'::regclass AND ip.objoid = ${oid} AND ip.objsubid = ${sub}), acldefault((${kind})::"char", ${owner}))`;

/** Counts of what pg_dump writes as COMMENT and ACL entries, and the large objects. */
export const COUNTS_SQL = `
SELECT
 (SELECT count(*) FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
    WHERE ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')})
 + (SELECT count(*) FROM pg_description d JOIN pg_namespace n ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid
    WHERE ${USER_NS('n.oid')} AND NOT (n.nspname = 'public' AND d.description = 'standard public schema'))
 + (SELECT count(*) FROM pg_description d JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
    WHERE ${USER_NS('p.pronamespace')} AND ${NOT_EXT('pg_proc', 'p.oid')})
 + (SELECT count(*) FROM pg_description d JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
    WHERE ${USER_NS('t.typnamespace')} AND ${NOT_EXT('pg_type', 't.oid')})
 + (SELECT count(*) FROM pg_description d JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid
    WHERE ${USER_NS('k.connamespace')})
 + (SELECT count(*) FROM pg_description d JOIN pg_trigger g ON d.classoid = 'pg_trigger'::regclass AND d.objoid = g.oid WHERE NOT g.tgisinternal)
 + (SELECT count(*) FROM pg_description d JOIN pg_policy p ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid)
 + (SELECT count(*) FROM pg_description d JOIN pg_extension e ON d.classoid = 'pg_extension'::regclass AND d.objoid = e.oid WHERE e.extname <> 'plpgsql')
 + (SELECT count(*) FROM pg_description d WHERE d.classoid = 'pg_largeobject'::regclass)
   AS comments,
 (SELECT count(*) FROM pg_class c WHERE ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
    AND ${DIFFERS('c.relacl', 'pg_class', 'c.oid', '0', "CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END", 'c.relowner')})
 + (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
    AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')} AND cardinality(a.attacl) > 0)
 + (SELECT count(*) FROM pg_namespace n WHERE ${USER_NS('n.oid')} AND ${DIFFERS('n.nspacl', 'pg_namespace', 'n.oid', '0', "'n'", 'n.nspowner')})
 + (SELECT count(*) FROM pg_proc p WHERE ${USER_NS('p.pronamespace')} AND ${NOT_EXT('pg_proc', 'p.oid')}
    AND ${DIFFERS('p.proacl', 'pg_proc', 'p.oid', '0', "'f'", 'p.proowner')})
 + (SELECT count(*) FROM pg_type t WHERE ${USER_NS('t.typnamespace')} AND ${NOT_EXT('pg_type', 't.oid')} AND t.typelem = 0
    AND ${DIFFERS('t.typacl', 'pg_type', 't.oid', '0', "'T'", 't.typowner')})
 + (SELECT count(*) FROM pg_largeobject_metadata m WHERE m.lomacl IS NOT NULL AND m.lomacl IS DISTINCT FROM acldefault('L', m.lomowner))
   AS acl,
 (SELECT count(*) FROM pg_largeobject_metadata) AS large_objects
`;

/** Every user table (and partitioned table) with its kind, for the row counts. */
export const TABLES_SQL = `
SELECT c.oid::int8 AS oid, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) AS schema, c.relname AS name, c.relkind::text AS relkind,
  c.relispopulated AS populated
FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm') AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
`;

/** Every user sequence, for their values. */
export const SEQUENCES_SQL = `
SELECT c.oid::int8 AS oid, (SELECT nspname FROM pg_namespace WHERE oid = c.relnamespace) AS schema, c.relname AS name FROM pg_class c
WHERE c.relkind = 'S' AND ${USER_NS('c.relnamespace')} AND ${NOT_EXT('pg_class', 'c.oid')}
`;
