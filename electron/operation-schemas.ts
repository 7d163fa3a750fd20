/**
 * The argument schemas of the operation table (zod): what may cross from the renderer, checked
 * at run time wherever a call arrives (IPC or the browser bridge). Strings are bounded, enums come
 * from the shared allow-lists, ids are UUIDs and file names plain names. Every message names the
 * argument, so the UI can say what was wrong. Checks that need the file system (an opened folder,
 * a file inside it) are the handlers'.
 */
import { z } from 'zod';
import type { EventName } from './operations';
import { httpUrl } from './shared/http-url';
import { EXISTING_POLICIES, MAX_JOBS, OWNER_POLICIES, SSL_MODES } from './shared/replay-options';

/** One row of the operation table: `op<Result>()(z.tuple([...argument schemas]), [events it leads to])`. */
export const op = <R>() => <A extends z.ZodTuple>(args: A, events: readonly EventName[] = []) => ({ args, events, result: undefined as unknown as R });

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** Bounded text without NUL; `allowEmpty` for optional fields. */
export function text(label: string, opts: { max?: number; allowEmpty?: boolean } = {}) {
  const max = opts.max ?? 4096;
  return z.string({ error: `${label} must be text.` })
    .min(opts.allowEmpty ? 0 : 1, { error: `${label} is empty.` })
    .max(max, { error: `${label} is too long (more than ${max} characters).` })
    .refine((v) => !v.includes('\0'), { error: `${label} contains a NUL character.` });
}

/** A whole number within [min, max]. */
export function int(label: string, min: number, max: number) {
  return z.number({ error: `${label} must be a whole number from ${min} to ${max}.` }).int().min(min).max(max);
}

/** true or false, nothing truthy. */
export const bool = (label: string) => z.boolean({ error: `${label} must be true or false.` });

/** One of an allow-list. */
export function oneOf<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `${label} must be one of ${values.join(', ')}.` });
}

/** A PostgreSQL name as given (database or role): 1–63 bytes. */
export const pgName = (label: string) =>
  text(label, { max: 256 }).refine((v) => utf8Bytes(v) <= 63, { error: `${label} is longer than 63 bytes (PostgreSQL names are at most 63 bytes).` });

/** An id main handed out (runs, targets): a UUID. */
export const id = (label: string) =>
  text(label, { max: 64 }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: `${label} is not a valid id.` });

/** A folder path as typed or handed out; whether main lets it be read is the handler's check. */
export const folderPath = text('Folder', { max: 4096 });

/** A file name inside an opened folder: one path segment, not `.`/`..`, no drive. */
export const fileName = text('File name', { max: 1024 })
  .refine((v) => v !== '.' && v !== '..' && !/[/\\]/.test(v) && !/^[a-zA-Z]:/.test(v), { error: 'File name is not a plain file name.' });

/** An http(s) link, normalised; file:, javascript: and custom schemes are refused. */
export const httpLink = text('Link', { max: 8192 }).transform((v, ctx) => {
  const url = httpUrl(v);
  if (!url) ctx.addIssue({ code: 'custom', message: 'Link must be an http or https address.' });
  return url ?? '';
});

/** What the connection form sent; the password may be empty (trust/peer auth, a passfile, or the one main kept). */
export const targetInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sandbox') }, { error: 'Target has unexpected fields.' }),
  z.strictObject({
    kind: z.literal('server'),
    host: text('Host', { max: 255 }).transform((v) => v.trim())
      .refine((v) => v !== '' && !/\s/.test(v), { error: 'Host is not a host name or address: enter a name such as myserver.postgres.database.azure.com, or an IP address.' }),
    port: int('Port', 1, 65535),
    user: pgName('User'),
    // Entra ID access tokens used as passwords run to a few kilobytes.
    password: text('Password', { max: 16384, allowEmpty: true }),
    database: z.union([z.literal('').transform(() => 'postgres'), pgName('Database')]).optional().transform((v) => v || 'postgres'),
    sslmode: oneOf('SSL mode', SSL_MODES),
  }, { error: 'Target has unexpected fields.' }),
], { error: 'Target must be a server or the sandbox.' });

/** Replay options, every field checked. */
export const replayOptions = z.strictObject({
  jobs: int('Jobs', 1, MAX_JOBS),
  databases: z.array(pgName('Database'), { error: 'Options.databases must be a list of names.' }).max(10_000).optional(),
  includeSystem: bool('includeSystem'),
  existing: oneOf('When a database exists', EXISTING_POLICIES),
  rename: z.unknown(),
  owner: oneOf('Owners', OWNER_POLICIES),
  noPrivileges: bool('noPrivileges'),
  singleTransaction: bool('singleTransaction').optional().transform((v) => v ?? false),
  roles: bool('roles'),
  schemaFile: bool('schemaFile'),
  tablespacesFile: bool('tablespacesFile'),
  verify: bool('verify').optional(),
}, { error: 'Options has an unexpected field.' }).transform((o, ctx) => ({ ...o, rename: ownRenames(o.rename, ctx) }));

/** `{ from: to }` renames as own keys only: "__proto__" stays a plain key, never the prototype. */
function ownRenames(value: unknown, ctx: z.RefinementCtx): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'Options.rename must be an object.' });
    return out;
  }
  for (const [from, to] of Object.entries(value)) {
    const f = pgName('Database').safeParse(from);
    const t = pgName(`New name for "${from}"`).safeParse(to);
    if (!f.success || !t.success) {
      ctx.addIssue({ code: 'custom', message: (f.error ?? t.error)!.issues[0].message });
      continue;
    }
    Object.defineProperty(out, f.data, { value: t.data, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The replay a request is about: the set, the checked target and the options. */
export const replayRequest = z.strictObject({ folder: folderPath, targetId: id('Target id'), options: replayOptions }, { error: 'Replay request has unexpected fields.' });

export const THEMES = ['light', 'dark', 'system'] as const;

/**
 * A settings change. `recent` is main's to keep; the client-tools folder is only ever set through
 * its folder dialog (`chooseClientTools`) — from here it can only be cleared.
 */
export const settingsPatch = z.strictObject({
  theme: oneOf('Theme', THEMES).optional(),
  defaultJobs: int('Default jobs', 1, MAX_JOBS).optional(),
  clientToolsPath: z.union([z.null(), z.literal('')], { error: 'Client tools folder can only be chosen with Settings → Choose folder (or cleared).' })
    .optional().transform((v) => (v === undefined ? undefined : null)),
}, { error: 'Settings has an unexpected field (recent sets are kept by the app).' })
  .transform((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { theme?: (typeof THEMES)[number]; defaultJobs?: number; clientToolsPath?: null });

export const reportFormat = oneOf('Format', ['markdown', 'json'] as const);
