/**
 * The replay's option vocabulary, one home for the CLI, main and the UI: the allowed values of
 * each choice, the job limit and the defaults. Pure values (no Node, no Electron), so the renderer
 * may import them too.
 */

/** What to do with a target database of the same name: refuse before changing anything, skip it, or drop and recreate it. */
export const EXISTING_POLICIES = ['fail', 'skip', 'replace'] as const;
export type ExistingPolicy = (typeof EXISTING_POLICIES)[number];

/** Object owners: `auto` adds --no-owner when the target user cannot take on the dump's owners. */
export const OWNER_POLICIES = ['auto', 'keep', 'no-owner'] as const;
export type OwnerPolicy = (typeof OWNER_POLICIES)[number];

/** libpq's sslmode values this app accepts (`allow` is left out: it falls back to plain text). */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/**
 * The most pg_restore workers one replay may ask for. pg_restore on Windows refuses more than 64
 * (`PG_MAX_JOBS` is `MAXIMUM_WAIT_OBJECTS` there), and one database may get the whole budget.
 */
export const MAX_JOBS = 64;

/** The options a user gets without saying anything, apart from the job budget (the machine's cores, known where it runs). */
export const DEFAULT_REPLAY_CHOICES = {
  includeSystem: false,
  existing: 'fail',
  owner: 'auto',
  noPrivileges: false,
  singleTransaction: false,
  roles: true,
  schemaFile: false,
  tablespacesFile: false,
} as const satisfies {
  includeSystem: boolean; existing: ExistingPolicy; owner: OwnerPolicy; noPrivileges: boolean;
  singleTransaction: boolean; roles: boolean; schemaFile: boolean; tablespacesFile: boolean;
};
