// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { VerifyResult } from '../../../electron/core/verify/types';
import { LaneCard } from '../../../renderer/src/components/lane-card';
import { VerifyTables } from '../../../renderer/src/components/verify-table';
import { pendingLane } from '../../../renderer/src/stores/replay-reducer';
import { result } from './fixtures';
import { render } from './render';

function verify(patch: Partial<VerifyResult> = {}): VerifyResult {
  return {
    ok: true,
    tables: [{ name: 'public.orders', archiveRows: 1284113, targetRows: 1284113, ok: true }],
    objects: [{ kind: 'indexes', archive: 57, target: 57, ok: true, missing: [], extra: [], differs: [], explained: [] }],
    sequences: { checked: 1, mismatched: [] },
    totals: { tables: 12, rows: 1284113, indexes: 57 },
    notes: [], durationMs: 900, rowCount: { bytes: 1000, durationMs: 100, where: 'worker' },
    ...patch,
  };
}

describe('verification on the Replay lane and the Report', () => {
  it('the lane says Verifying… while the check runs, then the verdict', async () => {
    const running = { ...pendingLane('shop', 'shop'), status: 'running' as const, phase: 'verifying' as const, fraction: 1 };
    const first = await render(<LaneCard lane={running} onRetry={vi.fn()} />);
    expect(first.container.textContent).toContain('Verifying…');
    await first.unmount();
    const done = { ...pendingLane('shop', 'shop'), status: 'restored' as const, result: result('shop', { verify: verify() }) };
    const second = await render(<LaneCard lane={done} onRetry={vi.fn()} />);
    expect(second.container.textContent).toContain('Verified: 12 tables, 1,284,113 rows, 57 indexes match the backup');
    await second.unmount();
  });

  it('the Report lists each table with both counts and flags the ones that differ', async () => {
    const bad = verify({ ok: false, tables: [{ name: 'public.orders', archiveRows: 1284113, targetRows: 1200, ok: false, note: 'rows missing' }] });
    const { container, unmount } = await render(<VerifyTables results={[result('shop', { verify: bad })]} />);
    expect(container.textContent).toContain('shop: Not verified: 1 table differs (public.orders: 1,284,113 in the backup, 1,200 on the target)');
    const row = [...container.querySelectorAll('[aria-label="Rows per table in shop"] tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(row).toEqual([['public.orders', '1,284,113', '1,200', 'DIFFERS — rows missing']]);
    await unmount();
  });
});
