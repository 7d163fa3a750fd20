// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ErrorGroups } from '../../../renderer/src/components/error-groups';
import { LaneCard } from '../../../renderer/src/components/lane-card';
import { MarkerCard } from '../../../renderer/src/components/marker-card';
import { pendingLane } from '../../../renderer/src/stores/replay-reducer';
import { replayError, result } from './fixtures';
import { button, click, render } from './render';

describe('MarkerCard', () => {
  it('shows the time big in UTC, the local time, and the raw text only on demand', async () => {
    const { container, unmount } = await render(
      <MarkerCard marker={{ file: 'backupstarttimestamp', raw: '2024-04-10T10:30:46.2303875Z', takenAt: '2024-04-10T10:30:46.230Z', format: 'iso-8601' }} />,
    );
    expect(container.querySelector('[data-testid="marker-utc"]')?.textContent).toBe('2024-04-10 10:30:46 UTC');
    expect(container.querySelector('[data-testid="marker-local"]')?.textContent).toMatch(/^Local time: 2024-04-1\d \d\d:\d\d:46 \(UTC[+-]\d\d:\d\d\)$/);
    expect(container.querySelector('[aria-label="Raw marker text"]')).toBeNull();
    await click(button(container, 'Show raw marker text'));
    expect(container.querySelector('[aria-label="Raw marker text"]')?.textContent).toBe('2024-04-10T10:30:46.2303875Z');
    await unmount();
  });

  it('shows the raw text at once, with what to do, when the time cannot be read', async () => {
    const { container, unmount } = await render(<MarkerCard marker={{ file: 'backupstarttimestamp', raw: 'garbage', takenAt: null, format: null }} />);
    expect(container.textContent).toContain('could not be read as a time');
    expect(container.querySelector('[aria-label="Raw marker text"]')?.textContent).toBe('garbage');
    expect(container.querySelector('[data-testid="marker-utc"]')).toBeNull();
    await unmount();
  });

  it('says the backup time is unknown when there is no marker', async () => {
    const { container, unmount } = await render(<MarkerCard marker={null} />);
    expect(container.textContent).toContain('no backupstarttimestamp marker');
    await unmount();
  });
});

describe('LaneCard', () => {
  it('shows phase, percentage, items, elapsed and ETA while running, with no Retry', async () => {
    const lane = { ...pendingLane('shop', 'shop_copy', 2), status: 'running' as const, phase: 'data' as const, itemsDone: 12, itemsTotal: 40, fraction: 0.425, current: ['TABLE DATA public.orders'], elapsedMs: 65_000, etaMs: 88_000 };
    const onRetry = vi.fn();
    const { container, unmount } = await render(<LaneCard lane={lane} onRetry={onRetry} />);
    const text = container.textContent ?? '';
    for (const part of ['shop → shop_copy', 'Running', '42%', 'Loading data', '12/40 items', 'elapsed 1 min 05 s', 'ETA 1 min 28 s', '2 jobs', 'TABLE DATA public.orders']) expect(text).toContain(part);
    expect(button(container, 'Retry shop')).toBeUndefined();
    await unmount();
  });

  it('offers Retry for a cancelled or failed database and says why it ended', async () => {
    for (const status of ['cancelled', 'failed'] as const) {
      const onRetry = vi.fn();
      const lane = { ...pendingLane('Café Analytics', 'Café Analytics'), status, result: result('Café Analytics', { status, reason: `It was ${status}.` }) };
      const { container, unmount } = await render(<LaneCard lane={lane} onRetry={onRetry} />);
      expect(container.textContent).toContain(`It was ${status}.`);
      await click(button(container, 'Retry Café Analytics'));
      expect(onRetry).toHaveBeenCalledWith('Café Analytics');
      await unmount();
    }
  });
});

describe('ErrorGroups', () => {
  it('groups by category with counts, real problems first, and opens the real ones', async () => {
    const errors = [
      { ...replayError('benign', 'role "app_ro" already exists'), source: 'roles' },
      { ...replayError('ownership', 'role "app_owner" does not exist'), source: 'shop' },
      { ...replayError('ownership', 'role "app_owner" does not exist'), source: 'inventory' },
    ];
    const { container, unmount } = await render(<ErrorGroups errors={errors} />);
    const headers = [...container.querySelectorAll('button')].map((b) => b.textContent ?? '');
    expect(headers[0]).toMatch(/^Ownership2needs a look · shop, inventory$/);
    expect(headers[1]).toMatch(/^Harmless \(already exists\)1harmless · roles$/);
    // The real group is open: its errors are listed; the benign one stays closed.
    expect(container.textContent).toContain('role "app_owner" does not exist');
    expect(container.textContent).not.toContain('role "app_ro" already exists');
    await unmount();
  });

  it('says so when there is none', async () => {
    const { container, unmount } = await render(<ErrorGroups errors={[]} />);
    expect(container.textContent).toBe('No errors.');
    await unmount();
  });
});
