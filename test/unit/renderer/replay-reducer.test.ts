import { describe, expect, it } from 'vitest';
import { emptyReplay, reduceReplay, replayActive } from '../../../renderer/src/stores/replay-reducer';
import { dbPlan, plan, progress, replayError, result } from './fixtures';

describe('reduceReplay', () => {
  it('creates a pending lane per restored database from the plan, in plan order, skipping skipped ones', () => {
    const { state } = reduceReplay(emptyReplay(), [{ type: 'plan', plan: plan([dbPlan('shop'), dbPlan('azure_sys', { action: 'skip' }), dbPlan('Café Analytics', { targetName: 'cafe2' })]) }]);
    expect(state.order).toEqual(['shop', 'Café Analytics']);
    expect(state.lanes['Café Analytics']).toMatchObject({ status: 'pending', targetName: 'cafe2', fraction: 0 });
    expect(replayActive(state)).toBe(true);
  });

  it('folds a batch of progress, errors, logs and ends into lanes and hands logs back in order', () => {
    let s = reduceReplay(emptyReplay(), [{ type: 'plan', plan: plan([dbPlan('shop'), dbPlan('inventory')]) }]).state;
    const { state, logs } = reduceReplay(s, [
      { type: 'database-start', name: 'shop', targetName: 'shop', jobs: 1 },
      { type: 'log', source: 'shop', line: 'pg_restore: creating TABLE "public.orders"' },
      { type: 'progress', databases: [progress('shop', { fraction: 0.5, current: ['TABLE DATA public.orders'] })], overall: { fraction: 0.25, etaMs: 3000, elapsedMs: 1000 } },
      { type: 'database-error', name: 'shop', error: replayError('ownership', 'role "app_owner" does not exist') },
      { type: 'log', source: 'shop', line: 'pg_restore: error: could not execute query' },
    ]);
    s = state;
    expect(logs.map((l) => l.line)).toEqual(['pg_restore: creating TABLE "public.orders"', 'pg_restore: error: could not execute query']);
    expect(s.lanes.shop).toMatchObject({ status: 'running', fraction: 0.5, current: ['TABLE DATA public.orders'], errors: 1 });
    expect(s.lanes.inventory.status).toBe('pending');
    expect(s.overall).toEqual({ fraction: 0.25, etaMs: 3000, elapsedMs: 1000 });
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0].source).toBe('shop');

    // The end carries the authoritative error list: no duplicates with the live ones.
    s = reduceReplay(s, [{ type: 'database-end', result: result('shop', { status: 'partial', errors: [replayError('ownership', 'role "app_owner" does not exist')], ignoredErrors: 1, exitCode: 1 }) }]).state;
    expect(s.lanes.shop).toMatchObject({ status: 'partial', fraction: 1, phase: 'done', current: [] });
    expect(s.errors).toHaveLength(1);

    // A late progress tick from the engine must not reopen an ended lane.
    s = reduceReplay(s, [{ type: 'progress', databases: [progress('shop', { status: 'running', fraction: 0.9 })], overall: { fraction: 0.6, etaMs: null, elapsedMs: 1500 } }]).state;
    expect(s.lanes.shop.status).toBe('partial');
  });

  it('a cancel then a retry: the lane restarts clean and ends restored; summaries come and go', () => {
    let s = reduceReplay(emptyReplay(), [
      { type: 'plan', plan: plan([dbPlan('shop'), dbPlan('inventory')]) },
      { type: 'database-start', name: 'shop', targetName: 'shop', jobs: 1 },
      { type: 'database-start', name: 'inventory', targetName: 'inventory', jobs: 1 },
      { type: 'database-end', result: result('inventory') },
      { type: 'database-error', name: 'shop', error: replayError('other', 'canceling statement due to user request') },
      { type: 'database-end', result: result('shop', { status: 'cancelled', reason: 'Cancelled.', signal: 'SIGTERM', exitCode: null }) },
    ]).state;
    const summary = { ok: false, startedAt: '2024-04-10T10:30:46.000Z', durationMs: 2000, source: plan([]).source, target: plan([]).target, roles: null, files: [], databases: [result('inventory'), result('shop', { status: 'cancelled' })] };
    s = reduceReplay(s, [{ type: 'summary', summary }]).state;
    expect(replayActive(s)).toBe(false);
    expect(s.summary?.ok).toBe(false);
    expect(s.lanes.shop.status).toBe('cancelled');

    s = reduceReplay(s, [{ type: 'database-start', name: 'shop', targetName: 'shop', jobs: 2 }]).state;
    expect(s.summary).toBeNull();
    expect(s.errors).toEqual([]);
    expect(s.lanes.shop).toMatchObject({ status: 'running', jobs: 2, result: null });
    expect(replayActive(s)).toBe(true);

    s = reduceReplay(s, [
      { type: 'database-end', result: result('shop') },
      { type: 'summary', summary: { ...summary, ok: true, databases: [result('inventory'), result('shop')] } },
    ]).state;
    expect(s.lanes.shop.status).toBe('restored');
    expect(s.summary?.ok).toBe(true);
    expect(replayActive(s)).toBe(false);
  });

  it('tracks the roles step and its errors under the roles source', () => {
    const s = reduceReplay(emptyReplay(), [
      { type: 'file-start', kind: 'roles', file: '/set/x_roles.sql' },
      { type: 'file-end', result: { kind: 'roles', status: 'partial', reason: '2 roles existed', errors: [replayError('benign', 'role "app_ro" already exists')], durationMs: 80, changes: 5 } },
    ]).state;
    expect(s.files).toEqual([expect.objectContaining({ kind: 'roles', file: '/set/x_roles.sql', status: 'partial' })]);
    expect(s.errors.map((e) => e.source)).toEqual(['roles']);
  });
});
