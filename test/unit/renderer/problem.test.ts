import { describe, expect, it } from 'vitest';
import { toProblem } from '../../../renderer/src/lib/problem';

describe('toProblem', () => {
  const user = { code: 'folder-missing', message: 'The folder /x does not exist.', hint: 'Check the path.' } as const;
  it('passes a serialised UserError through', () => {
    expect(toProblem({ ...user, details: {} })).toEqual(user);
  });
  it('reads a UserError that Electron wrapped in its invoke message', () => {
    const e = new Error(`Error invoking remote method 'pgflex:openSet': Error: ${JSON.stringify(user)}`);
    expect(toProblem(e)).toEqual(user);
  });
  it('calls anything else a bug, keeping its message', () => {
    const p = toProblem(new Error("Error invoking remote method 'pgflex:openSet': TypeError: x is undefined"));
    expect(p.code).toBe('internal');
    expect(p.message).toBe('x is undefined');
    expect(toProblem('boom').message).toBe('boom');
  });
});
