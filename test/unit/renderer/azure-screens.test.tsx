// @vitest-environment happy-dom
/**
 * The Azure screens without tests of their own, against a fake bridge: Backup, Recovery point,
 * Restore parameters' container picker, Job, the flexible-server target fields, the
 * azure.extensions change offer and Settings → Azure — and the store actions behind them.
 */
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AzureAccountView, AzureJobView, BackupInstanceView, BackupJob, FlexibleServerView, ServerParameterChange, StorageAccountView } from '../../../electron/contract';
import { ParameterChange } from '../../../renderer/src/screens/azure/parameter-change';
import { AzureTargetFields } from '../../../renderer/src/screens/azure/azure-target-fields';
import { BackupScreen } from '../../../renderer/src/screens/azure/backup-screen';
import { CloudSettings } from '../../../renderer/src/screens/azure/cloud-settings';
import { JobScreen } from '../../../renderer/src/screens/azure/job-screen';
import { PointScreen } from '../../../renderer/src/screens/azure/point-screen';
import { RestoreScreen } from '../../../renderer/src/screens/azure/restore-screen';
import { useAzure } from '../../../renderer/src/stores/azure-store';
import { useNav } from '../../../renderer/src/stores/nav-store';
import { useSettings } from '../../../renderer/src/stores/settings-store';
import { useTarget } from '../../../renderer/src/stores/target-store';
import { fakeBridge } from './fake-bridge';
import { button, click, render } from './render';

const SUB = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const VAULT = `/subscriptions/${SUB}/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/v`;
const INSTANCE = `${VAULT}/backupInstances/bi`;
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct`;
const account = (over: Partial<AzureAccountView> = {}): AzureAccountView => ({
  status: 'signed-in', method: 'msal', username: 'ada@contoso.com', tenantId: 't', cloud: 'public', armEndpoint: 'https://management.azure.com', armEndpointSource: 'cloud',
  deviceCode: null, problem: null, tenants: [], downloadRoot: '/dl', freshContainer: 'pgflex-restore-new', ...over,
});
const instance = (over: Partial<BackupInstanceView> = {}): BackupInstanceView => ({
  id: INSTANCE, name: 'bi', vaultId: VAULT, friendlyName: 'pgflex-shop', datasourceType: 'Microsoft.DBforPostgreSQL/flexibleServers', serverId: 's', serverName: 'pgflex-shop',
  location: 'westeurope', protectionStatus: 'ProtectionConfigured', latestPointTime: '2024-04-10T10:30:46.230Z', ...over,
});
const storage: StorageAccountView = { id: ACCOUNT, name: 'acct', resourceGroup: 'g', location: 'westeurope', blobEndpoint: 'https://acct.blob.core.windows.net/' };
const backupJob = (over: Partial<BackupJob> = {}): BackupJob => ({
  id: `${VAULT}/backupJobs/00000000-0000-4000-8000-0000000000aa`, jobId: '00000000-0000-4000-8000-0000000000aa', status: 'failed', statusRaw: 'Failed', operation: 'Restore',
  startTime: '2024-04-10T11:00:00Z', endTime: '2024-04-10T11:02:05Z', durationMs: 125_000, recoveryPointTime: '2024-04-10T10:30:46Z', subTasks: [], bytesTransferred: null,
  errors: [{ code: 'UserErrorMSIMissingPermissions', message: 'The vault identity lacks permissions.', recommendedAction: ['Grant Storage Blob Data Contributor to the vault.'] }], ...over,
});
const job = (over: Partial<AzureJobView> = {}): AzureJobView => ({
  id: '00000000-0000-4000-8000-000000000001', startedAt: '2024-04-10T11:00:00Z', instanceId: INSTANCE, serverName: 'pgflex-shop', recoveryPointTime: '2024-04-10T10:30:46Z',
  containerUrl: 'https://acct.blob.core.windows.net/c1', phase: 'failed', job: backupJob(), problem: null, downloadId: null, ...over,
});
const server: FlexibleServerView = {
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pgflex-restored`, name: 'pgflex-restored', resourceGroup: 'rg', location: 'West Europe',
  version: '16', state: 'Ready', host: 'pgflex-restored.postgres.database.azure.com', adminLogin: 'pgadmin', entraAuth: true, passwordAuth: true, publicNetworkAccess: 'Enabled',
};
const select = (container: HTMLElement, label: string) => [...container.querySelectorAll('select')].find((s) => s.id && container.querySelector(`label[for="${s.id}"]`)?.textContent?.startsWith(label)) as HTMLSelectElement | undefined;
const choose = async (el: HTMLSelectElement | undefined, value: string) => {
  if (!el) throw new Error('no such select');
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
};
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

beforeEach(() => {
  useNav.setState({ screen: 'home' });
  useAzure.setState({
    account: account(), subscriptions: [], subscriptionId: SUB, vaults: [], vaultId: null, instances: [], instanceId: null, points: [], pointId: null, period: '30d', custom: null,
    storageAccounts: [], targetMode: 'account', accountId: null, containers: [], containersFor: null, container: null, newContainer: 'pgflex-restore-new', pastedUrl: '', checks: null, overridden: [],
    activities: { jobs: [], downloads: [] }, vaultJobs: [], jobId: null, downloadId: null, busy: null, problem: null,
  });
});

describe('Backup', () => {
  it('lists the vault\'s PostgreSQL instances with region, protection and latest point; a search narrows them; a pick reads its points', async () => {
    const fake = fakeBridge({ azurePoints: async () => [] });
    window.pgflex = fake.bridge;
    useAzure.setState({ vaults: [{ id: VAULT, name: 'v', location: 'westeurope', subscriptionId: SUB, resourceGroup: 'g' }], vaultId: VAULT,
      instances: [instance(), instance({ id: `${VAULT}/backupInstances/b2`, serverName: 'pgflex-crm', friendlyName: 'pgflex-crm', latestPointTime: null })] });
    const { container, unmount } = await render(<BackupScreen />);
    expect(container.textContent).toContain('westeurope · ProtectionConfigured · latest point 2024-04-10 10:30:46 UTC');
    expect(container.textContent).toContain('no recovery point yet');
    const search = container.querySelector('input[placeholder="server name or region"]') as HTMLInputElement;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(search, 'crm');
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(container.querySelectorAll('input[type="radio"]')).toHaveLength(1);
    expect(button(container, 'Choose the recovery point')?.disabled).toBe(true);
    await act(async () => (container.querySelector('input[type="radio"]') as HTMLInputElement).click());
    expect(useAzure.getState().instanceId).toBe(`${VAULT}/backupInstances/b2`);
    expect(fake.calls.some(([m, a]) => m === 'azurePoints' && a[0] === `${VAULT}/backupInstances/b2`)).toBe(true);
    await unmount();
  });
});

describe('Recovery point', () => {
  it('shows each point in UTC with its local time, the newest marked, and says when a period holds none', async () => {
    useAzure.setState({ instances: [instance()], instanceId: INSTANCE, period: 'custom', custom: { from: '2024-04-08T00:00:00Z', to: '2024-04-10T23:59:59Z' }, pointId: 'p2',
      points: [{ id: 'p2', recoveryPointId: 'p2', time: '2024-04-10T10:30:46.230Z', timeRaw: 'x', dataStores: [] }, { id: 'p1', recoveryPointId: 'p1', time: '2024-04-09T10:30:46.230Z', timeRaw: 'x', dataStores: [] }] });
    const { container, unmount } = await render(<PointScreen />);
    expect(container.textContent).toContain('2024-04-10 10:30:46 UTC — newest');
    expect(container.textContent).toMatch(/2024-04-1\d \d\d:\d\d:46 \(UTC[+-]\d\d:\d\d\) local/);
    expect(button(container, 'Restore parameters')?.disabled).toBe(false);
    await unmount();
    useAzure.setState({ points: [], pointId: null, period: '7d', custom: null });
    const empty = await render(<PointScreen />);
    expect(empty.container.textContent).toContain('No recovery points in this period');
    expect(button(empty.container, 'Restore parameters')?.disabled).toBe(true);
    await empty.unmount();
  });
});

describe('Restore parameters: the container picker', () => {
  it('proposes a new container, lists the account\'s existing ones, and an existing one is used as it is', async () => {
    const fake = fakeBridge({
      azureStorageAccounts: async () => [storage],
      azureContainers: async () => [{ name: 'earlier', lastModified: '2024-04-01T08:00:00.000Z' }, { name: 'other', lastModified: null }],
      azureCheckRestore: async (_i, url) => ({ containerUrl: url, accountName: 'acct', canGrantRole: true, checkedAt: '2024-04-10T10:00:00Z', checks: [{ id: 'x', status: 'passed', title: 'X', detail: 'ok' }] }),
      azureStartRestore: async () => job({ phase: 'running', job: null }),
      azureKeepChoices: async (c) => c as never,
    });
    window.pgflex = fake.bridge;
    useAzure.setState({ instanceId: INSTANCE, pointId: 'p1' });
    const { container, unmount } = await render(<RestoreScreen />);
    await settle();
    const picker = select(container, 'Container');
    expect([...picker!.options].map((o) => o.textContent)).toEqual(['A new container (safest)', 'earlier (changed 2024-04-01 08:00:00 UTC)', 'other']);
    expect(picker!.value).toBe('');
    expect(container.textContent).toContain('https://acct.blob.core.windows.net/pgflex-restore-new');
    await choose(picker, 'earlier');
    expect(container.querySelector('input[value="pgflex-restore-new"]')).toBeNull();
    expect(container.textContent).toContain('Files go to https://acct.blob.core.windows.net/earlier');
    expect(container.textContent).toContain('files of an earlier restore in it would be mixed');
    await click(button(container, 'Validate'));
    expect(container.textContent).not.toContain('(made now)');
    await click(button(container, 'Restore'));
    expect(fake.calls.find(([m]) => m === 'azureStartRestore')?.[1][0]).toMatchObject({ containerUrl: 'https://acct.blob.core.windows.net/earlier', createContainer: false });
    await unmount();
  });

  it('a kept container that is gone from the account falls back to a new one; a later answer for another account is dropped', async () => {
    let answer!: (v: Array<{ name: string; lastModified: null }>) => void;
    window.pgflex = fakeBridge({
      azureContainers: (id) => (id === ACCOUNT ? new Promise((r) => (answer = r)) : Promise.resolve([{ name: 'mine', lastModified: null }])),
      azureKeepChoices: async (c) => c as never,
    }).bridge;
    useAzure.setState({ storageAccounts: [storage, { ...storage, id: `${ACCOUNT}2`, name: 'acct2' }], accountId: ACCOUNT, container: 'vanished' });
    const slow = useAzure.getState().loadContainers();
    useAzure.getState().setTarget({ accountId: `${ACCOUNT}2` });
    await settle();
    answer([{ name: 'vanished', lastModified: null }]);
    await slow;
    expect(useAzure.getState()).toMatchObject({ accountId: `${ACCOUNT}2`, containers: [{ name: 'mine' }], container: null });
  });
});

describe('Job', () => {
  it('shows status, elapsed time and each error with what to do; no Download until it completed', async () => {
    useAzure.setState({ activities: { jobs: [job()], downloads: [] }, jobId: job().id });
    const { container, unmount } = await render(<JobScreen />);
    expect(container.querySelector('[aria-label="Status: Failed"]')).not.toBeNull();
    expect(container.textContent).toContain('UserErrorMSIMissingPermissions');
    expect(container.textContent).toContain('What to do: Grant Storage Blob Data Contributor to the vault.');
    expect(container.textContent).toContain('Elapsed2 min 05 s');
    expect(button(container, 'Download')).toBeUndefined();
    await unmount();
  });
});

describe('Azure target fields', () => {
  it('lists the subscription\'s servers with version, region and state; picking one fills host and the Entra user, with no password field', async () => {
    window.pgflex = fakeBridge({ azureFlexibleServers: async () => [server, { ...server, id: `${server.id}-old`, name: 'pgflex-old', state: 'Stopped' }] }).bridge;
    useTarget.setState({ form: { ...useTarget.getState().form, kind: 'azure', serverId: '', auth: 'entra', user: '', password: '' }, servers: [], target: null, problem: null });
    const { container, unmount } = await render(<div><AzureTargetFields /></div>);
    await settle();
    const servers = select(container, 'Flexible server')!;
    expect([...servers.options].map((o) => o.textContent)).toEqual(['Choose a server', 'pgflex-restored — PostgreSQL 16, West Europe, Ready', 'pgflex-old — PostgreSQL 16, West Europe, Stopped']);
    await choose(servers, server.id);
    expect(useTarget.getState().form).toMatchObject({ host: server.host, user: 'ada@contoso.com', auth: 'entra', sslmode: 'require' });
    expect(container.querySelector('input[type="password"]')).toBeNull();
    expect(container.textContent).toContain('this window never sees it');
    await unmount();
  });
});

describe('azure.extensions change', () => {
  const change: ServerParameterChange = { server: 'pgflex-restored', parameter: 'azure.extensions', from: 'hstore', to: 'hstore,citext', canSet: true };

  it('says exactly what changes; Allow sends the value shown, and the new check replaces the old', async () => {
    const fake = fakeBridge({ azureAllowExtensions: async () => ({ ...useTarget.getState().target!, parameterChange: undefined }) });
    window.pgflex = fake.bridge;
    useTarget.setState({
      form: { ...useTarget.getState().form, kind: 'azure', serverId: server.id, auth: 'entra', user: 'ada@contoso.com', port: '5432' },
      target: { targetId: 't', kind: 'server', host: 'h', port: 5432, user: 'u', database: 'postgres', serverVersion: '16', checks: [], existingDatabases: [], needsNoOwner: false, extensionsNotAllowed: ['citext'], parameterChange: change },
    });
    const { container, unmount } = await render(<ParameterChange change={change} busy={false} onAllow={() => void useTarget.getState().allowExtensions()} />);
    expect(container.querySelector('[data-testid="parameter-from"]')?.textContent).toBe('"hstore"');
    expect(container.querySelector('[data-testid="parameter-to"]')?.textContent).toBe('"hstore,citext"');
    await click(button(container, 'Allow in azure.extensions'));
    expect(fake.calls[0][0]).toBe('azureAllowExtensions');
    expect(fake.calls[0][1][2]).toBe('hstore,citext');
    expect(useTarget.getState().target?.parameterChange).toBeUndefined();
    await unmount();
  });

  it('offers no button when the user may not change the server, and says whom to ask', async () => {
    const { container, unmount } = await render(<ParameterChange change={{ ...change, canSet: false }} busy={false} onAllow={() => undefined} />);
    expect(button(container, 'Allow in azure.extensions')).toBeUndefined();
    expect(container.textContent).toContain('ask an Owner or Contributor');
    await unmount();
  });
});

describe('Settings → Azure', () => {
  it('warns that saving signs out, sends the choice to main, and after a sign-out forgets the account\'s choices', async () => {
    const settings = { theme: 'system' as const, azure: { cloud: 'public' as const, armEndpoint: null }, clientToolsPath: null, defaultJobs: 2, recent: [] };
    const fake = fakeBridge({
      azureSetCloud: async (c) => ({ account: account({ status: 'signed-out', method: null, username: null, cloud: c.cloud, armEndpoint: c.armEndpoint ?? '', armEndpointSource: 'setting' }), signedOut: true }),
      getSettings: async () => ({ ...settings, azure: { cloud: 'usgov', armEndpoint: 'https://management.usgovcloudapi.net' } }),
    });
    window.pgflex = fake.bridge;
    useSettings.setState({ settings });
    useAzure.setState({ vaults: [{ id: VAULT, name: 'v', location: 'x', subscriptionId: SUB, resourceGroup: 'g' }], vaultId: VAULT });
    const { container, unmount } = await render(<CloudSettings settings={settings} />);
    expect(button(container, 'Save')?.disabled).toBe(true);
    await choose(select(container, 'Azure cloud'), 'usgov');
    expect(container.textContent).toContain('Saving signs you out of Azure (ada@contoso.com)');
    const input = container.querySelector('input[placeholder="https://management.azure.com"]') as HTMLInputElement;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, ' https://management.usgovcloudapi.net ');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button(container, 'Save'));
    expect(fake.calls.find(([m]) => m === 'azureSetCloud')?.[1]).toEqual([{ cloud: 'usgov', armEndpoint: 'https://management.usgovcloudapi.net' }]);
    expect(container.querySelector('[role="status"]')?.textContent).toContain('You were signed out');
    expect(useAzure.getState()).toMatchObject({ subscriptionId: null, vaultId: null, vaults: [] });
    expect(useSettings.getState().settings?.azure.cloud).toBe('usgov');
    await unmount();
  });

  it('says when PGFLEX_ARM_ENDPOINT overrides the saved endpoint', async () => {
    useAzure.setState({ account: account({ method: 'token', armEndpoint: 'http://127.0.0.1:9', armEndpointSource: 'environment' }) });
    const settings = { theme: 'system' as const, azure: { cloud: 'public' as const, armEndpoint: null }, clientToolsPath: null, defaultJobs: 2, recent: [] };
    const { container, unmount } = await render(<CloudSettings settings={settings} />);
    expect(container.textContent).toContain('started with PGFLEX_ARM_ENDPOINT: every call goes to http://127.0.0.1:9');
    await unmount();
  });
});
