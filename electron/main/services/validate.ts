/**
 * Argument checks for every operation that crosses from the renderer (IPC or the browser bridge).
 * Nothing from the other side is trusted: types are checked at run time, strings are bounded,
 * enums come from allow-lists, paths must be absolute existing folders and file names plain names.
 * Each check throws a UserError('bad-argument') naming the argument, so the UI can say what was wrong.
 */
import { httpUrl } from '../../shared/http-url';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../../core/errors';

/** The UserError for an argument that fails a check. */
export function badArgument(message: string, hint = 'This is a bug in the app: the request was refused.'): UserError {
  return new UserError('bad-argument', message, hint);
}

/** A string of bounded length; `allowEmpty` for optional text fields. */
export function checkString(value: unknown, name: string, opts: { max?: number; allowEmpty?: boolean } = {}): string {
  const max = opts.max ?? 4096;
  if (typeof value !== 'string') throw badArgument(`${name} must be text.`);
  if (!opts.allowEmpty && value.length === 0) throw badArgument(`${name} is empty.`, `Fill in ${name}.`);
  if (value.length > max) throw badArgument(`${name} is too long (more than ${max} characters).`);
  if (value.includes('\0')) throw badArgument(`${name} contains a NUL character.`);
  return value;
}

/** An integer within [min, max]. */
export function checkInt(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badArgument(`${name} must be a whole number from ${min} to ${max}.`, `Enter a ${name} from ${min} to ${max}.`);
  }
  return value;
}

/** A boolean, nothing truthy. */
export function checkBool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw badArgument(`${name} must be true or false.`);
  return value;
}

/** One of an allow-list of strings. */
export function checkEnum<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badArgument(`${name} must be one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

/** A plain object (not an array, not null) with only the given keys. */
export function checkObject(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badArgument(`${name} must be an object.`);
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length) throw badArgument(`${name} has unexpected field(s): ${extra.join(', ')}.`);
  return value as Record<string, unknown>;
}

/** An absolute path to an existing folder, normalised. */
export async function checkFolder(value: unknown, name = 'Folder'): Promise<string> {
  const text = checkString(value, name, { max: 4096 });
  if (!isAbsolute(text)) {
    throw new UserError('bad-argument', `${name} "${text}" is not a full path.`, 'Give the full path of the folder, e.g. /home/me/backup or C:\\backup.');
  }
  const path = resolve(text);
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserError('folder-missing', `The folder ${path} does not exist.`, 'Check the path, or choose the folder the restored backup files were downloaded to.', { folder: path });
  if (!info.isDirectory()) throw new UserError('folder-missing', `${path} is a file, not a folder.`, 'Choose the folder that holds the restored files rather than one of the files.', { folder: path });
  return path;
}

/** A file name inside an opened folder: one path segment, no separators, not `.`/`..`. */
export function checkFileName(value: unknown, name = 'File name'): string {
  const text = checkString(value, name, { max: 1024 });
  if (text === '.' || text === '..' || /[/\\]/.test(text) || /^[a-zA-Z]:/.test(text)) {
    throw badArgument(`${name} "${text}" is not a plain file name.`);
  }
  return text;
}

/** An http(s) URL, parsed; anything else (file:, javascript:, custom schemes) is refused. */
export function checkHttpUrl(value: unknown, name = 'Link'): string {
  const url = httpUrl(checkString(value, name, { max: 8192 }));
  if (!url) throw badArgument(`${name} must be an http or https address.`);
  return url;
}

/** An id handed out by main (runs, targets): a UUID. */
export function checkId(value: unknown, name: string): string {
  const text = checkString(value, name, { max: 64 });
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) throw badArgument(`${name} is not a valid id.`);
  return text;
}

/** A PostgreSQL identifier as given (database or role name): 1–63 bytes, no NUL. */
export function checkPgName(value: unknown, name: string): string {
  const text = checkString(value, name, { max: 256 });
  if (Buffer.byteLength(text, 'utf8') > 63) {
    throw badArgument(`${name} "${text}" is longer than 63 bytes.`, 'PostgreSQL names are at most 63 bytes; choose a shorter name.');
  }
  return text;
}

/** An absolute path to an existing file or folder (e.g. Settings → Client tools), normalised. */
export async function checkExistingPath(value: unknown, name: string): Promise<string> {
  const text = checkString(value, name, { max: 4096 });
  if (!isAbsolute(text)) throw badArgument(`${name} "${text}" is not a full path.`, 'Give the full path, e.g. /usr/lib/postgresql/17/bin.');
  const path = resolve(text);
  if (!(await stat(path).catch(() => null))) throw badArgument(`${name} ${path} does not exist.`, 'Check the path.');
  return path;
}
