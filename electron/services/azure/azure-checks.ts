/**
 * The Azure handlers' own checks of what arrived (after the operation table's schemas bounded
 * the types): ARM ids, tenants and times are parsed in the handlers with these helpers. Each
 * throws a UserError('bad-argument') naming the argument.
 */
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

/** A boolean, nothing truthy. */
export function checkBool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw badArgument(`${name} must be true or false.`);
  return value;
}

/** One of an allow-list of strings. */
export function checkEnum<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw badArgument(`${name} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

/** A plain object (not an array, not null) with only the given keys. */
export function checkObject(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badArgument(`${name} must be an object.`);
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length) throw badArgument(`${name} has unexpected field(s): ${extra.join(', ')}.`);
  return value as Record<string, unknown>;
}
