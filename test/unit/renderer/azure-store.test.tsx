// @vitest-environment happy-dom
/** The Azure store and screens against a fake bridge: the gate, the device code, the point filter, main's truth after a reload. */
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AzureAccountView, AzureActivitiesView, AzureDownloadView, AzureJobView, FolderReplayView, PrerequisitesView, RecoveryPoint } from '../../../electron/contract';
import { FilesScreen } from '../../../renderer/src/screens/azure/files-screen';
import { PrerequisiteList } from '../../../renderer/src/screens/azure/prerequisite-list';
import { RestoreScreen } from '../../../renderer/src/screens/azure/restore-screen';
import { SignInScreen } from '../../../renderer/src/screens/azure/sign-in-screen';
import { useAzure } from '../../../renderer/src/stores/azure-store';
import { currentGate, targetContainerUrl, visiblePoints } from '../../../renderer/src/stores/azure-views';
import { useNav } from '../../../renderer/src/stores/nav-store';
import { usePlan } from '../../../renderer/src/stores/plan-store';
import { useRestoreSet } from '../../../renderer/src/stores/restore-set-store';
import { useTarget } from '../../../renderer/src/stores/target-store';
import { setView } from './fixtures';
import { fakeBridge } from './fake-bridge';
import { button, click, render } from './render';

const INSTANCE = '/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/bi';
const account = (over: Partial<AzureAccountView> = {}): AzureAccountView => ({
  status: 'signed-in', method: 'token', username: 'me', tenantId: null, cloud: 'public', armEndpoint: 'https://management.azure.com', armEndpointSource: 'cloud', deviceCode: null,
  problem: null, tenants: [], downloadRoot: '/dl', freshContainer: 'pgflex-restore-20240410-103046-abcd', ...over,
});
const point = (id: string, time: string | null): RecoveryPoint => ({ id, recoveryPointId: id, time, timeRaw: time ?? 'gibberish', dataStores: [] });
const checks = (...statuses: Array<PrerequisitesView['checks'][number]['status']>): PrerequisitesView => ({
  containerUrl: 'https://a.blob.core.windows.net/c', accountName: 'a', canGrantRole: true, checkedAt: '2024-04-10T10:00:00Z',
  checks: statuses.map((status, i) => ({ id: i === 0 ? 'vault-role' : `check-${i}`, status, title: `Check ${i}`, detail: 'why', fix: { what: 'do this', portal: 'there', az: 'az thing' } })),
});
const job = (over: Partial<AzureJobView> = {}): AzureJobView => ({
  id: '00000000-0000-4000-8000-000000000001', startedAt: '2024-04-10T10:00:00Z', instanceId: INSTANCE, serverName: 'pg1', recoveryPointTime: '2024-04-10T10:30:46Z',
  containerUrl: 'https://a.blob.core.windows.net/c', phase: 'running', job: null, problem: null, downloadId: null, ...over,
});

beforeEach(() => {
  useNav.setState({ screen: 'home' });
  useAzure.setState({
    account: null, subscriptions: [], subscriptionId: null, instanceId: INSTANCE, pointId: 'p1', points: [], period: '30d', custom: null, storageAccounts: [],
    targetMode: 'url', accountId: null, containers: [], containersFor: null, container: null, newContainer: '', pastedUrl: 'https://a.blob.core.windows.net/c', checks: null, overridden: [],
    activities: { jobs: [], downloads: [] }, jobId: null, downloadId: null, busy: null, problem: null,
  });
});

describe('azure store', () => {
  it('opens the gate only when every check passed or each unknown one is overridden; a failed one never', () => {
    useAzure.setState({ checks: checks('passed', 'warning') });
    expect(currentGate(useAzure.getState()).canSend).toBe(true);
    useAzure.setState({ checks: checks('passed', 'unknown') });
    expect(currentGate(useAzure.getState()).canSend).toBe(false);
    useAzure.getState().toggleOverride('check-1');
    expect(currentGate(useAzure.getState()).canSend).toBe(true);
    useAzure.setState({ checks: checks('failed', 'unknown'), overridden: ['vault-role', 'check-1'] });
    expect(currentGate(useAzure.getState())).toMatchObject({ canSend: false, failed: ['vault-role'] });
  });

  it('sends nothing while the gate is shut, and sends the overrides when it opens', async () => {
    const fake = fakeBridge({ azureStartRestore: async () => job() });
    window.pgflex = fake.bridge;
    useAzure.setState({ checks: checks('passed', 'unknown') });
    expect(await useAzure.getState().restore()).toBe(false);
    expect(fake.calls).toEqual([]);
    useAzure.getState().toggleOverride('check-1');
    expect(await useAzure.getState().restore()).toBe(true);
    expect(fake.calls[0]).toEqual(['azureStartRestore', [{ instanceId: INSTANCE, recoveryPointId: 'p1', containerUrl: 'https://a.blob.core.windows.net/c', createContainer: false, overriddenUnknown: ['check-1'] }]]);
    expect(useNav.getState().screen).toBe('azure-job');
  });

  it('builds the container URL from an account and a new container, or takes the pasted one', () => {
    const s = { targetMode: 'account' as const, accountId: 'id1', container: null as string | null, newContainer: 'fresh-one', pastedUrl: '', storageAccounts: [{ id: 'id1', name: 'a', resourceGroup: 'g', location: 'x', blobEndpoint: 'http://127.0.0.1:1/devstoreaccount1/' }] };
    expect(targetContainerUrl(s)).toBe('http://127.0.0.1:1/devstoreaccount1/fresh-one');
    expect(targetContainerUrl({ ...s, newContainer: ' ' })).toBeNull();
    // An existing container of the account is used as it is, whatever the new-container field holds.
    expect(targetContainerUrl({ ...s, container: 'earlier', newContainer: ' ' })).toBe('http://127.0.0.1:1/devstoreaccount1/earlier');
    expect(targetContainerUrl({ ...s, targetMode: 'url', pastedUrl: ' https://b.blob.core.windows.net/x ' })).toBe('https://b.blob.core.windows.net/x');
  });

  it('a failed answer for a vault passed over is not shown, and a reload putting choices back never resets a pick made meanwhile', async () => {
    const VAULT_A = '/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/a';
    const VAULT_B = '/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/b';
    const inst = { id: INSTANCE, friendlyName: 'pg1', serverName: 'pg1', location: 'westeurope', protectionStatus: 'ProtectionConfigured', latestPointTime: null };
    let failA: (err: Error) => void = () => {};
    let answerVaults: (v: unknown[]) => void = () => {};
    const fake = fakeBridge({
      azureInstances: (id: string) => (id === VAULT_A ? new Promise((_, reject) => { failA = reject; }) : Promise.resolve([inst])) as never,
      azureVaults: () => new Promise((r) => { answerVaults = r; }) as never,
      azureChoices: async () => ({ subscriptionId: 's', vaultId: VAULT_A, instanceId: INSTANCE, period: '30d', custom: null, pointId: null, targetMode: 'account', accountId: null, newContainer: '', pastedUrl: '' }) as never,
      azurePoints: async () => [],
      azureVaultJobs: async () => [],
      azureAccount: async () => account(),
      azureSubscriptions: async () => [],
    });
    window.pgflex = fake.bridge;
    useAzure.setState({ subscriptionId: null, vaultId: null, instanceId: null, instances: [] });
    // A reload starts putting back subscription s, vault A…
    const loading = useAzure.getState().loadAccount();
    await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
    // …while the user already moved on: vault A, then B, and B's instance.
    void useAzure.getState().pickVault(VAULT_A);
    await useAzure.getState().pickVault(VAULT_B);
    await useAzure.getState().pickInstance(INSTANCE);
    failA(new Error('InvalidResourceType'));
    answerVaults([{ id: VAULT_A, name: 'a' }, { id: VAULT_B, name: 'b' }]);
    await act(async () => { await loading; });
    expect(useAzure.getState()).toMatchObject({ vaultId: VAULT_B, instanceId: INSTANCE, problem: null });
  });

  it('filters points to the period, newest first, keeping unreadable times last', () => {
    const now = new Date('2024-04-30T00:00:00Z');
    const points = [point('old', '2024-03-01T00:00:00Z'), point('a', '2024-04-20T00:00:00Z'), point('b', '2024-04-28T00:00:00Z'), point('x', null)];
    expect(visiblePoints({ points, period: '7d', custom: null }, now).map((p) => p.id)).toEqual(['b', 'x']);
    expect(visiblePoints({ points, period: '30d', custom: null }, now).map((p) => p.id)).toEqual(['b', 'a', 'x']);
  });

  it('shows what main tracks after a reload, and keeps the shown job when it still exists', async () => {
    const activities: AzureActivitiesView = { jobs: [job({ id: '00000000-0000-4000-8000-000000000002' }), job()], downloads: [] };
    window.pgflex = fakeBridge({ azureActivities: async () => activities }).bridge;
    await useAzure.getState().refresh();
    expect(useAzure.getState().jobId).toBe('00000000-0000-4000-8000-000000000002');
    useAzure.setState({ jobId: '00000000-0000-4000-8000-000000000001' });
    await useAzure.getState().refresh();
    expect(useAzure.getState().jobId).toBe('00000000-0000-4000-8000-000000000001');
  });
});

const G = 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d';
/** A download half way: the roles and shop's dump checked, big's still coming. */
const halfway = (): AzureDownloadView => ({
  id: '00000000-0000-4000-8000-00000000000d', startedAt: '2024-04-10T11:00:00Z', containerUrl: 'https://a.blob.core.windows.net/c', folder: '/dl/c', status: 'running',
  credential: null, total: null, skipped: [], problem: null, failures: [], finished: [`${G}_roles.sql`, `${G}_database_shop.sql`],
  files: [
    { file: `${G}_roles.sql`, bytes: 10, size: 10, state: 'done' },
    { file: `${G}_database_shop.sql`, bytes: 100, size: 100, state: 'done' },
    { file: `${G}_database_big.sql`, bytes: 50, size: 9000, state: 'downloading' },
  ],
  listed: [{ file: `${G}_roles.sql`, kind: 'roles' }, { file: `${G}_database_shop.sql`, kind: 'database', database: 'shop' }, { file: `${G}_database_big.sql`, kind: 'database', database: 'big' }],
});

describe('replay while downloading', () => {
  it('offers Replay now only for a dump main reported checked, and shows one already replaying as such', async () => {
    const d = halfway();
    useAzure.setState({ activities: { jobs: [], downloads: [d] }, downloadId: d.id, folderReplays: [] });
    const { container, unmount } = await render(<FilesScreen />);
    expect(button(container, 'Replay shop now')).toBeDefined();
    expect(button(container, 'Replay big now')).toBeUndefined();
    expect(container.textContent).toContain('ready: replayed first when ticked');
    const replaying: FolderReplayView = { runId: 'r1', startedAt: '2024-04-10T11:01:00Z', running: true, target: { host: 'db', port: 5432, user: 'admin' }, roles: 'restored',
      databases: [{ name: 'shop', targetName: 'shop', status: 'replaying' }] };
    await act(async () => useAzure.setState({ folderReplays: [replaying] }));
    expect(button(container, 'Replay shop now')).toBeUndefined();
    expect(container.querySelector('[data-replay="shop"]')?.getAttribute('data-status')).toBe('replaying');
    expect(container.textContent).toContain('replaying as shop on admin@db:5432');
    await unmount();
  });

  it('Replay now opens the folder as it is and ticks that database alone; with no target yet it goes to Target', async () => {
    const d = halfway();
    const partial = setView([['shop', false], ['other', false]], { folder: '/dl/c' });
    const fake = fakeBridge({ openSet: async () => partial, folderReplays: async () => [], getSettings: async () => ({ theme: 'system' as const, azure: { cloud: 'public' as const, armEndpoint: null }, clientToolsPath: null, defaultJobs: 2, recent: [] }) });
    window.pgflex = fake.bridge;
    useTarget.setState({ target: null });
    useAzure.setState({ activities: { jobs: [], downloads: [d] }, downloadId: d.id, folderReplays: [] });
    expect(await useAzure.getState().replayReady('shop')).toBe(true);
    expect(fake.calls[0]).toEqual(['openSet', ['/dl/c']]);
    expect(useNav.getState().screen).toBe('target');
    expect(usePlan.getState().focus).toEqual({ view: useRestoreSet.getState().view, databases: ['shop'] });
    // A dump the folder does not hold yet is refused here too (main refuses it again on start).
    expect(await useAzure.getState().replayReady('big')).toBe(false);
    expect(useAzure.getState().problem?.message).toContain('big is not in the folder yet');
  });
});

describe('azure screens', () => {
  it('Sign in shows the device code with a copy button and the address to type it at', async () => {
    useAzure.setState({ account: account({ status: 'signing-in', method: 'msal', username: null, deviceCode: { userCode: 'F7K2-QX9P', verificationUri: 'https://microsoft.com/devicelogin', message: 'm', expiresAt: '2030-01-01T00:00:00Z' } }) });
    const { container, unmount } = await render(<SignInScreen />);
    expect(container.querySelector('[aria-label="Device code"]')?.textContent).toBe('F7K2-QX9P');
    expect(button(container, 'Copy the device code')).toBeDefined();
    expect(container.textContent).toContain('https://microsoft.com/devicelogin');
    await unmount();
  });

  it('Restore parameters: Restore stays disabled on a failed check; Grant role calls main; the override checkbox opens the gate', async () => {
    const fake = fakeBridge({ azureGrantRole: async () => checks('passed', 'unknown'), azureStorageAccounts: async () => [] });
    window.pgflex = fake.bridge;
    useAzure.setState({ checks: checks('failed', 'passed') });
    const { container, unmount } = await render(<RestoreScreen />);
    expect(button(container, 'Restore')?.disabled).toBe(true);
    expect(container.textContent).toContain('Nothing will be sent while 1 check failed');
    await click(button(container, 'Grant role'));
    expect(fake.calls.some(([m]) => m === 'azureGrantRole')).toBe(true);
    expect(button(container, 'Restore')?.disabled).toBe(true);
    const box = container.querySelector('[data-check="check-1"] input[type="checkbox"]') as HTMLInputElement;
    await act(async () => box.click());
    expect(button(container, 'Restore')?.disabled).toBe(false);
    await unmount();
  });

  it('the checklist says what to do for each check that did not pass', async () => {
    const { container, unmount } = await render(<PrerequisiteList checks={checks('failed', 'passed').checks} overridden={[]} onToggle={() => undefined} />);
    const failed = container.querySelector('[data-check="vault-role"]')!;
    expect(failed.textContent).toContain('What to do: do this');
    expect(failed.textContent).toContain('az thing');
    expect(container.querySelector('[data-check="check-1"]')!.textContent).not.toContain('What to do');
    await unmount();
  });
});
