// @vitest-environment happy-dom
/**
 * Journey state is bound to what it was made from: another set voids the target check and the
 * plan; a refused start keeps the previous run; a reattached run is rebuilt from main's history.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReplayRequest } from '../../../electron/contract';
import { useNav } from '../../../renderer/src/stores/nav-store';
import { defaultChoices, replaced, usePlan } from '../../../renderer/src/stores/plan-store';
import { replayLog, useReplay } from '../../../renderer/src/stores/replay-store';
import { replayable, useRestoreSet } from '../../../renderer/src/stores/restore-set-store';
import { useTarget } from '../../../renderer/src/stores/target-store';
import { fakeBridge } from './fake-bridge';
import { dbPlan, plan, progress, result, setView, targetView } from './fixtures';

const request = { folder: '/set', targetId: 't1', options: {} } as unknown as ReplayRequest;

beforeEach(() => {
  useNav.setState({ screen: 'home' });
  useReplay.setState({ runId: null, starting: false, problem: null, order: [], lanes: {}, summary: null, plan: null });
  useTarget.setState({ target: null });
  usePlan.getState().reset();
});

describe('journey state', () => {
  it('opening another set forgets the target check and the plan', async () => {
    window.pgflex = fakeBridge({ planReplay: async () => plan([dbPlan('shop')]), openSet: async () => setView([['crm', false]], { folder: '/other' }), getSettings: async () => ({ theme: 'system', azure: { cloud: 'public' as const, armEndpoint: null }, clientToolsPath: null, defaultJobs: 2, recent: [] }) }).bridge;
    const first = setView([['shop', false]]);
    useRestoreSet.setState({ view: first });
    useTarget.setState({ target: targetView([]) });
    usePlan.getState().prepare(first, targetView([]), 2);
    expect(usePlan.getState().view).toBe(first);
    expect(await useRestoreSet.getState().open('/other')).toBe(true);
    expect(useTarget.getState().target).toBeNull();
    expect(usePlan.getState().view).toBeNull();
    expect(usePlan.getState().choices).toBeNull();
    expect(usePlan.getState().request()).toBeNull();
  });

  it('a damaged dump stays asked for (so the report says it was not restored); Target needs something replayable', () => {
    const view = setView([['shop', false], ['bad', false], ['azure_sys', true]]);
    view.databases[1].problem = { code: 'archive-truncated', message: 'cut', hint: 'again' };
    expect(defaultChoices(view, targetView([]), 2).selected).toEqual({ shop: true, bad: true, azure_sys: false });
    const onlyBad = setView([['bad', false]]);
    onlyBad.databases[0].problem = { code: 'archive-truncated', message: 'cut', hint: 'again' };
    expect(replayable(onlyBad)).toBe(false);
    expect(replayable(view)).toBe(true);
  });

  it('names what Drop and replace would drop, and only under that policy', () => {
    const p = plan([dbPlan('shop', { exists: true }), dbPlan('crm'), dbPlan('old', { exists: true, action: 'skip' })]);
    expect(replaced(p, 'replace')).toEqual(['shop']);
    expect(replaced(p, 'fail')).toEqual([]);
  });

  it('a refused second start keeps the previous run on screen', async () => {
    window.pgflex = fakeBridge({ startReplay: async () => { throw new Error(JSON.stringify({ code: 'bad-argument', message: 'A replay is already running', hint: 'Wait.' })); } }).bridge;
    useReplay.setState({ runId: 'run-1', order: ['shop'], lanes: { shop: { ...progress('shop'), result: null } } });
    expect(await useReplay.getState().start(request)).toBe(false);
    const s = useReplay.getState();
    expect(s.runId).toBe('run-1');
    expect(s.order).toEqual(['shop']);
    expect(s.problem?.message).toMatch(/already running/);
  });

  it('reattaches to a run main still runs, rebuilt from its history, and goes to the Replay screen', async () => {
    const fake = fakeBridge({
      listActivities: async () => [{ id: 'run-9', kind: 'replay', startedAt: '2026-01-01T00:00:00Z', title: 'Replay of /set', detail: '', status: 'running' }],
      replayHistory: async () => [
        { type: 'plan', plan: plan([dbPlan('shop'), dbPlan('crm')]) },
        { type: 'database-start', name: 'shop', targetName: 'shop', jobs: 2 },
        { type: 'database-end', result: result('crm', { status: 'failed', reason: 'gone' }) },
        { type: 'log', source: 'shop', line: 'pg_restore: connecting' },
      ],
    });
    window.pgflex = fake.bridge;
    const disconnect = useReplay.getState().connect();
    await useReplay.getState().reattach();
    const s = useReplay.getState();
    expect(s.runId).toBe('run-9');
    expect(s.lanes.shop.status).toBe('running');
    expect(s.lanes.crm.status).toBe('failed');
    expect(replayLog.size).toBe(1);
    expect(useNav.getState().screen).toBe('replay');
    // Later events of that run apply as usual.
    fake.emit('run-9', [{ type: 'database-end', result: result('shop') }]);
    expect(useReplay.getState().lanes.shop.status).toBe('restored');
    disconnect();
  });
});
