/** Exit codes per error code, as the README documents them. */
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../../electron/cli/exit-codes';

describe('exitCodeFor', () => {
  it('maps target refusals to 3, cancel to 130 and bad input to 2', () => {
    for (const code of ['target-unreachable', 'target-auth', 'target-refused', 'database-exists'] as const) expect(exitCodeFor(code)).toBe(EXIT.target);
    expect(exitCodeFor('cancelled')).toBe(130);
    for (const code of ['folder-missing', 'no-client', 'bad-argument', 'archive-truncated'] as const) expect(exitCodeFor(code)).toBe(EXIT.input);
  });
  it('throws instead of guessing for a code it does not know', () => {
    expect(() => exitCodeFor('new-code' as never)).toThrow(/Unexpected value/);
  });
});
