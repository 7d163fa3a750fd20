/**
 * One call from the renderer to the `Api`, by name — shared by the IPC handlers and the browser
 * bridge. Only names in the contract's `API_METHODS` are callable (never a prototype member), the
 * argument count is bounded, and failures cross as an Error whose message is the problem as JSON
 * (what happened, what to do): Electron keeps only an Error's message across `invoke`.
 */
import { API_METHODS, type Api, type ProblemView } from '../../contract';
import { AZURE_ARITY } from '../../services/azure/azure-api';
import { UserError } from '../../core/errors';
import { problemView } from './views';

export type ApiMethod = (typeof API_METHODS)[number];

/** How many arguments each operation takes. */
export const API_ARITY: Record<ApiMethod, number> = {
  openSet: 1, pickFolder: 0, sampleSetPath: 0, archiveContents: 2, readTextFile: 2, rolesPreview: 1, listTools: 0,
  checkTarget: 1, planReplay: 1, startReplay: 1, cancelReplay: 1, retryDatabase: 2, report: 2, exportReport: 2, saveScript: 1, listActivities: 0, replayHistory: 1,
  getSettings: 0, setSettings: 1, openExternal: 1, ...AZURE_ARITY,
};

/** True for a name the renderer may call. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/**
 * The Error a failure crosses as: a UserError's problem as JSON (the renderer reads code, message
 * and hint back); anything else is a bug, shown by its message alone (the renderer calls it internal).
 */
export function failureError(err: unknown): Error {
  if (err instanceof UserError) return new Error(JSON.stringify(problemView(err)));
  return new Error(`Something went wrong inside the app: ${err instanceof Error ? err.message : String(err)}`);
}

/** A failure's problem as JSON, as `failureError` puts it (for HTTP bodies). */
export function problemJson(err: unknown): ProblemView | null {
  return err instanceof UserError ? problemView(err) : null;
}

/** Calls `api[method](...args)`; rejects with an Error carrying the problem as JSON. */
export async function dispatch(api: Api, method: unknown, args: unknown, log: (err: unknown) => void = console.error): Promise<unknown> {
  if (!isApiMethod(method)) throw failureError(new UserError('bad-argument', 'Unknown operation.', 'This is a bug in the app.'));
  if (!Array.isArray(args) || args.length > API_ARITY[method]) {
    throw failureError(new UserError('bad-argument', `Wrong arguments for ${method}.`, 'This is a bug in the app.'));
  }
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    return await fn.apply(api, args);
  } catch (err) {
    if (!(err instanceof UserError)) log(err);
    throw failureError(err);
  }
}
