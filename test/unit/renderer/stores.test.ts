// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReplayRequest, Settings } from '../../../electron/contract';
import { useNav } from '../../../renderer/src/stores/nav-store';
import { replayLog, useReplay } from '../../../renderer/src/stores/replay-store';
import { useRestoreSet } from '../../../renderer/src/stores/restore-set-store';
import { useTarget } from '../../../renderer/src/stores/target-store';
import { fakeBridge } from './fake-bridge';
import { dbPlan, plan, progress, result, setView, targetView } from './fixtures';

const settings: Settings = { theme: 'system', clientToolsPath: null, defaultJobs: 2, recent: [] };
const request: ReplayRequest = {
  folder: '/set', targetId: 't1',
  options: { jobs: 2, databases: ['shop'], includeSystem: false, existing: 'fail', rename: {}, owner: 'auto', noPrivileges: false, singleTransaction: false, roles: false, schemaFile: false, tablespacesFile: false },
};

beforeEach(() => {
  useNav.setState({ screen: 'home' });
  useReplay.setState({ runId: null, starting: false, problem: null });
});

describe('replay store', () => {
  it('keeps events that beat the startReplay answer, then applies them; logs go to the ring, not to state', async () => {
    let resolveStart!: (v: { runId: string }) => void;
    const fake = fakeBridge({ startReplay: () => new Promise((r) => { resolveStart = r; }), cancelReplay: async () => {}, retryDatabase: async () => {} });
    window.pgflex = fake.bridge;
    const disconnect = useReplay.getState().connect();
    expect(fake.listeners()).toBe(1);

    const started = useReplay.getState().start(request);
    fake.emit('run-1', [
      { type: 'plan', plan: plan([dbPlan('shop')]) },
      { type: 'database-start', name: 'shop', targetName: 'shop', jobs: 2 },
      { type: 'log', source: 'shop', line: 'pg_restore: connecting to database for restore' },
    ]);
    fake.emit('someone-else', [{ type: 'log', source: 'x', line: 'not ours' }]);
    resolveStart({ runId: 'run-1' });
    expect(await started).toBe(true);

    let s = useReplay.getState();
    expect(s.runId).toBe('run-1');
    expect(s.lanes.shop.status).toBe('running');
    expect(useNav.getState().screen).toBe('replay');
    expect(replayLog.size).toBe(1);
    const version = s.logVersion;

    fake.emit('run-1', [
      { type: 'progress', databases: [progress('shop', { fraction: 0.4 })], overall: { fraction: 0.4, etaMs: 100, elapsedMs: 50 } },
      ...Array.from({ length: 500 }, (_, i) => ({ type: 'log' as const, source: 'shop', line: `line ${i}` })),
    ]);
    s = useReplay.getState();
    expect(s.lanes.shop.fraction).toBe(0.4);
    expect(replayLog.size).toBe(501);
    expect(s.logVersion).toBe(version + 1); // one bump per batch, not per line
    fake.emit('someone-else', [{ type: 'log', source: 'x', line: 'not ours' }]);
    expect(replayLog.size).toBe(501);

    await useReplay.getState().cancel();
    expect(fake.calls.find(([m]) => m === 'cancelReplay')?.[1]).toEqual(['run-1']);
    fake.emit('run-1', [{ type: 'database-end', result: result('shop', { status: 'cancelled' }) }]);
    expect(useReplay.getState().lanes.shop.status).toBe('cancelled');

    await useReplay.getState().retry('shop');
    expect(fake.calls.find(([m]) => m === 'retryDatabase')?.[1]).toEqual(['run-1', 'shop']);
    expect(useReplay.getState().lanes.shop.status).toBe('pending');

    disconnect();
    expect(fake.listeners()).toBe(0);
  });

  it('a refused retry puts the lane back and shows the reason', async () => {
    const fake = fakeBridge({
      startReplay: async () => ({ runId: 'run-2' }),
      retryDatabase: () => Promise.reject({ code: 'bad-argument', message: '"shop" is still running.', hint: 'Wait for it to end or cancel it first.' }),
    });
    window.pgflex = fake.bridge;
    const disconnect = useReplay.getState().connect();
    await useReplay.getState().start(request);
    fake.emit('run-2', [{ type: 'plan', plan: plan([dbPlan('shop')]) }, { type: 'database-end', result: result('shop', { status: 'failed' }) }]);
    await useReplay.getState().retry('shop');
    const s = useReplay.getState();
    expect(s.lanes.shop.status).toBe('failed');
    expect(s.problem).toEqual({ code: 'bad-argument', message: '"shop" is still running.', hint: 'Wait for it to end or cancel it first.' });
    disconnect();
  });

  it('a refused start stays on the plan with the problem', async () => {
    window.pgflex = fakeBridge({ startReplay: () => Promise.reject(new Error('Error invoking remote method \'pgflex:startReplay\': Error: {"code":"option-conflict","message":"-j with --single-transaction","hint":"Pick one."}')) }).bridge;
    useNav.setState({ screen: 'plan' });
    expect(await useReplay.getState().start(request)).toBe(false);
    expect(useReplay.getState().problem?.code).toBe('option-conflict');
    expect(useNav.getState().screen).toBe('plan');
  });
});

describe('restore set store', () => {
  it('opens a folder, moves to the Restore set screen and refreshes the recent list', async () => {
    const fake = fakeBridge({ openSet: async (folder) => setView([['shop', false]], { folder }), getSettings: async () => settings });
    window.pgflex = fake.bridge;
    expect(await useRestoreSet.getState().open('  /data/set ')).toBe(true);
    expect(useRestoreSet.getState().view?.folder).toBe('/data/set');
    expect(useNav.getState().screen).toBe('set');
    await Promise.resolve();
    expect(fake.calls.map(([m]) => m)).toEqual(['openSet', 'folderReplays', 'getSettings']);
  });

  it('says what is wrong without calling main for an empty path, and shows main\'s problem otherwise', async () => {
    const fake = fakeBridge({ openSet: () => Promise.reject({ code: 'folder-missing', message: 'No such folder.', hint: 'Check the path.' }) });
    window.pgflex = fake.bridge;
    expect(await useRestoreSet.getState().open('   ')).toBe(false);
    expect(fake.calls).toHaveLength(0);
    expect(useRestoreSet.getState().problem?.code).toBe('bad-argument');
    expect(await useRestoreSet.getState().open('/nope')).toBe(false);
    expect(useRestoreSet.getState().problem).toEqual({ code: 'folder-missing', message: 'No such folder.', hint: 'Check the path.' });
    expect(useNav.getState().screen).toBe('home');
  });

  it('loads archive contents once per file', async () => {
    const fake = fakeBridge({
      openSet: async () => setView([['shop', false]]),
      getSettings: async () => settings,
      archiveContents: async (_folder, file) => ({ file, schemas: [], global: {}, extensions: [], owners: [] }),
    });
    window.pgflex = fake.bridge;
    await useRestoreSet.getState().open('/set');
    await useRestoreSet.getState().loadContents('x_database_shop.sql');
    await useRestoreSet.getState().loadContents('x_database_shop.sql');
    expect(fake.calls.filter(([m]) => m === 'archiveContents')).toHaveLength(1);
    expect(useRestoreSet.getState().contents['x_database_shop.sql']?.status).toBe('ready');
  });
});

describe('target store', () => {
  it('validates the form before anything leaves the renderer', async () => {
    const fake = fakeBridge({});
    window.pgflex = fake.bridge;
    useTarget.getState().edit({ kind: 'server', host: 'db.example', port: '54x', user: 'admin' });
    expect(await useTarget.getState().check()).toBe(false);
    expect(useTarget.getState().problem?.message).toContain('Port');
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the typed connection once and keeps the checked target; an edit invalidates it', async () => {
    const fake = fakeBridge({ checkTarget: async () => targetView(['postgres']) });
    window.pgflex = fake.bridge;
    useTarget.getState().edit({ kind: 'server', host: ' 127.0.0.1 ', port: '5433', user: 'postgres', password: 's3cret', database: '', sslmode: 'disable' });
    expect(await useTarget.getState().check()).toBe(true);
    // Checked against the open set (or none): main keeps no "last opened" set of its own.
    expect(fake.calls[0]).toEqual(['checkTarget', [useRestoreSet.getState().view?.folder ?? null, { kind: 'server', host: '127.0.0.1', port: 5433, user: 'postgres', password: 's3cret', database: 'postgres', sslmode: 'disable' }]]);
    expect(useTarget.getState().target?.targetId).toBe('t1');
    useTarget.getState().edit({ port: '5432' });
    expect(useTarget.getState().target).toBeNull();
  });
});
