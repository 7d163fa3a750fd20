/** How a failure crosses to the renderer (IPC or the browser bridge). */
import type { ProblemView } from '../contract';
import { UserError } from '../core/errors';

/** A UserError as it crosses IPC: no details (they may hold paths or server text meant for logs). */
export function problemView(err: UserError): ProblemView {
  return { code: err.code, message: err.message, hint: err.hint };
}

/**
 * The Error a failure crosses as: a UserError's problem as JSON (the renderer reads code, message
 * and hint back; Electron keeps only an Error's message across `invoke`); anything else is a bug,
 * shown by its message alone (the renderer calls it internal).
 */
export function failureError(err: unknown): Error {
  if (err instanceof UserError) return new Error(JSON.stringify(problemView(err)));
  return new Error(`Something went wrong inside the app: ${err instanceof Error ? err.message : String(err)}`);
}
