/**
 * Calls into the handlers, checked against the operation table: only names of the table are
 * callable (never a prototype member), the arguments must parse against the operation's schema
 * (which bounds their count), and failures cross as an Error carrying the problem as JSON. Shared
 * by the IPC handlers and the browser bridge; `validatedApi` is the same check for in-process callers.
 */
import type { Api } from '../contract';
import { UserError } from '../core/errors';
import { isOperation, OPERATIONS, OPERATION_NAMES, type ArgsOut, type OperationName, type ResultOf } from '../operations';
import { failureError } from './problem';

/** What implements each operation: its arguments already checked. */
export type Handlers = { [K in OperationName]: (...args: ArgsOut<K>) => Promise<ResultOf<K>> };

/** The arguments of `name`, parsed by its schema; a UserError('bad-argument') naming what is wrong. */
export function parseArgs<K extends OperationName>(name: K, args: unknown): ArgsOut<K> {
  if (!Array.isArray(args)) throw new UserError('bad-argument', `Wrong arguments for ${name}: not a list.`, 'This is a bug in the app: the request was refused.');
  const schema = OPERATIONS[name].args;
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data as ArgsOut<K>;
  const issue = parsed.error.issues[0];
  const count = schema.def.items.length;
  const message = issue.path.length === 0
    ? `${name} takes ${count} argument${count === 1 ? '' : 's'}; it got ${args.length}.`
    : issue.message;
  return failWith(name, message);
}

function failWith(name: string, message: string): never {
  throw new UserError('bad-argument', message, `This is a bug in the app: the ${name} request was refused.`);
}

/** The `Api` over the handlers, every call checked as if it came from the renderer (rejects with the UserError). */
export function validatedApi(handlers: Handlers): Api {
  return Object.fromEntries(OPERATION_NAMES.map((name) => [name, async (...args: unknown[]) => {
    const fn = handlers[name] as (...a: unknown[]) => Promise<unknown>;
    return fn(...(parseArgs(name, args) as unknown[]));
  }])) as unknown as Api;
}

/** Calls `api[name](...args)` for a request from outside; rejects with an Error carrying the problem as JSON. */
export async function dispatch(api: Api, name: unknown, args: unknown, log: (err: unknown) => void = console.error): Promise<unknown> {
  if (!isOperation(name)) throw failureError(new UserError('bad-argument', 'Unknown operation.', 'This is a bug in the app.'));
  try {
    const fn = api[name] as (...a: unknown[]) => Promise<unknown>;
    // Checked here whatever `api` is (the services' own is checked again: parsing is idempotent).
    return await fn(...(parseArgs(name, args) as unknown[]));
  } catch (err) {
    if (!(err instanceof UserError)) log(err);
    throw failureError(err);
  }
}
