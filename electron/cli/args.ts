/** Command-line parsing for `pgflex-restore`: one option table per command, errors as UserError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors';
import { LONG_NAME_FIX, nameTooLong } from '../shared/existing-databases';
import { MAX_JOBS } from '../shared/replay-options';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv for one command; unknown options are a usage error. */
export function parse(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError('bad-argument', (err as Error).message, 'Run `pgflex-restore help` for the options.');
  }
}

/** A whole number option from 1 to `max` (the job limit unless said otherwise). */
export function intOption(value: string | undefined, name: string, fallback: number, max = MAX_JOBS): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UserError('bad-argument', `--${name} must be a whole number from 1 to ${max}, not "${value}".`, `For example --${name} 4.`);
  }
  return n;
}

/** One of a fixed set of words. */
export function enumOption<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError('bad-argument', `--${name} must be one of ${allowed.join(', ')}, not "${value}".`, `For example --${name} ${allowed[0]}.`);
  }
  return value as T;
}

/** `a=b,c=d` → { a: 'b', c: 'd' }; names may hold spaces. */
export function renameOption(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const at = v.lastIndexOf('=');
    if (at <= 0 || at === v.length - 1) {
      throw new UserError('bad-argument', `--rename takes source=target, not "${v}".`, 'For example --rename "shop=shop_restored".');
    }
    const tooLong = nameTooLong(v.slice(at + 1));
    if (tooLong) throw new UserError('bad-argument', `--rename ${v}: ${tooLong}.`, LONG_NAME_FIX);
    out[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

/** `a,b` → ['a', 'b'] (repeatable, so names containing commas can be given one by one). */
export function listOption(values: string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.length === 1 ? values[0].split(',').map((s) => s.trim()).filter(Boolean) : values;
}
