/**
 * Settings → Azure: the cloud the app signs in to (Azure, Azure Government, Azure China) and a
 * Resource Manager endpoint instead of the cloud's own (Azure Stack, a test server). Main checks
 * the endpoint (https, or plain http to this machine only); a change signs out, as it says first.
 */
import { Button, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AzureCloudSetting, Settings } from '../../../../electron/contract';
import { ProblemBar } from '../../components/problem-bar';
import { useAzure } from '../../stores/azure-store';
import { useSettings } from '../../stores/settings-store';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  wide: { minWidth: '360px', flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The clouds, by the names Microsoft gives them. */
export const CLOUD_CHOICES: ReadonlyArray<{ id: AzureCloudSetting['cloud']; label: string }> = [
  { id: 'public', label: 'Azure (global)' }, { id: 'usgov', label: 'Azure Government' }, { id: 'china', label: 'Azure China (21Vianet)' },
];

/** The Azure section of Settings. */
export function CloudSettings({ settings }: { settings: Settings }) {
  const s = useStyles();
  const { account, problem, busy, loadAccount, setCloud } = useAzure();
  const load = useSettings((x) => x.load);
  const [cloud, setCloudChoice] = useState(settings.azure.cloud);
  const [endpoint, setEndpoint] = useState(settings.azure.armEndpoint ?? '');
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (!account) void loadAccount();
  }, [account, loadAccount]);
  const changed = cloud !== settings.azure.cloud || endpoint.trim() !== (settings.azure.armEndpoint ?? '');
  const signedIn = account?.status === 'signed-in' && account.method === 'msal';

  const save = async () => {
    const signedOut = await setCloud({ cloud, armEndpoint: endpoint.trim() || null });
    if (signedOut === null) return;
    await load();
    setSaid(signedOut ? 'Saved. You were signed out: sign in again on the Sign in screen, in the new cloud.' : 'Saved.');
  };

  return (
    <>
      <ProblemBar problem={problem} />
      <div className={s.row}>
        <Field label="Azure cloud" hint="Each cloud has its own sign-in and Resource Manager.">
          <Select value={cloud} onChange={(_, d) => (setCloudChoice(d.value as AzureCloudSetting['cloud']), setSaid(null))}>
            {CLOUD_CHOICES.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
          </Select>
        </Field>
        <Field label="Resource Manager endpoint (optional)" className={s.wide} hint="Empty: the cloud's own. https only (plain http only to a test server on this machine).">
          <Input value={endpoint} onChange={(_, d) => (setEndpoint(d.value), setSaid(null))} spellCheck={false} placeholder="https://management.azure.com" />
        </Field>
        <Button appearance="primary" disabled={!changed || busy !== null} onClick={() => void save()}>Save</Button>
      </div>
      {changed && signedIn && <Text className={s.muted}>Saving signs you out of Azure ({account?.username}): the sign-in belongs to one cloud and its Resource Manager.</Text>}
      {account?.armEndpointSource === 'environment' && (
        <Text className={s.muted}>This app was started with PGFLEX_ARM_ENDPOINT: every call goes to {account.armEndpoint}, whatever is saved here.</Text>
      )}
      {account && <Text className={s.muted}>Now in use: {account.armEndpoint}</Text>}
      {said && <Text role="status">{said}</Text>}
    </>
  );
}
