import { describe, expect, it } from 'vitest';
import { restoreGate } from '../../../electron/shared/restore-gate';

describe('restore gate', () => {
  it('is shut before the checks ran', () => {
    expect(restoreGate([], new Set()).canSend).toBe(false);
  });

  it('opens when every check passed or only warns', () => {
    expect(restoreGate([{ id: 'network', status: 'passed' }, { id: 'copy-scope', status: 'warning' }], new Set()).canSend).toBe(true);
  });

  it('stays shut on a failed check even if the user tried to override it', () => {
    const gate = restoreGate([{ id: 'vault-role', status: 'failed' }], new Set(['vault-role']));
    expect(gate).toEqual({ canSend: false, failed: ['vault-role'], unknownNotOverridden: [] });
  });

  it('opens on an unknown check only once it is overridden', () => {
    const checks = [{ id: 'network', status: 'passed' as const }, { id: 'vault-role', status: 'unknown' as const }];
    expect(restoreGate(checks, new Set()).unknownNotOverridden).toEqual(['vault-role']);
    expect(restoreGate(checks, new Set(['vault-role'])).canSend).toBe(true);
  });
});
