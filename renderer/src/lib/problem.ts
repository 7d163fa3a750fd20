/** Turns whatever an operation threw into something to show: what happened and what to do. */
import type { ProblemView } from '../../../electron/contract';

/** A problem as the UI shows it; `internal` marks a bug rather than something the user can fix. */
export interface Problem {
  code: ProblemView['code'] | 'internal';
  message: string;
  hint: string;
}

const PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

function isProblemLike(value: unknown): value is ProblemView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}

/** Reads a UserError from an IPC/bridge rejection: a plain object, an Error carrying code/hint, or JSON in the message. */
export function toProblem(error: unknown): Problem {
  if (isProblemLike(error)) return { code: error.code, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  const stripped = message.replace(PREFIX, '');
  const json = stripped.indexOf('{');
  if (json >= 0) {
    try {
      const parsed: unknown = JSON.parse(stripped.slice(json));
      if (isProblemLike(parsed)) return { code: parsed.code, message: parsed.message, hint: parsed.hint };
    } catch {
      // not JSON: fall through to the plain message
    }
  }
  return {
    code: 'internal',
    message: stripped || 'Something went wrong.',
    hint: 'This looks like a bug in PG Flex Restore. Try again; if it persists, copy the log and report it.',
  };
}
