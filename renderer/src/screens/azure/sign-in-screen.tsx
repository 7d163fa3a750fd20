/** Sign in: the system browser, or a device code shown here with a copy button; the account, tenant and subscription; sign out. */
import { Button, Field, Input, makeStyles, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular, Person24Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AzureAccountView } from '../../../../electron/contract';
import { CopyButton } from '../../components/copy-button';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';
import { CLOUD_CHOICES } from './cloud-settings';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeHero800, letterSpacing: '0.2em', fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  grow: { minWidth: '320px' },
});


/** The Sign in screen. */
export function SignInScreen() {
  const s = useStyles();
  const { account, subscriptions, subscriptionId, busy, problem, signIn, signOut, pickSubscription } = useAzure();
  const go = useNav((n) => n.go);
  const [tenant, setTenant] = useState('');
  const [cloud, setCloud] = useState<AzureAccountView['cloud'] | null>(null);
  const chosenCloud = cloud ?? account?.cloud ?? 'public';
  const signedIn = account?.status === 'signed-in';

  return (
    <Page title="Sign in to Azure" lead="Sign in to the customer's tenant with Microsoft Entra ID. The app keeps the tokens in its main process; this window never sees them.">
      <ProblemBar problem={problem} />
      <ProblemBar problem={account?.problem ?? null} />
      {!account && <Spinner size="tiny" label="Reading the account…" />}
      {account?.status === 'signed-out' && (
        <Section title="Sign in">
          <div className={s.row}>
            <Field label="Tenant (optional)" hint="A tenant id or domain, e.g. contoso.onmicrosoft.com; empty: your home tenant." className={s.grow}>
              <Input value={tenant} onChange={(_, d) => setTenant(d.value)} spellCheck={false} />
            </Field>
            <Field label="Cloud" hint="Sovereign clouds have their own sign-in and Resource Manager.">
              <Select value={chosenCloud} onChange={(_, d) => setCloud(d.value as AzureAccountView['cloud'])}>
                {CLOUD_CHOICES.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
              </Select>
            </Field>
            <Button appearance="primary" icon={<Person24Regular />} onClick={() => void signIn('browser', tenant, chosenCloud)} disabled={busy !== null}>Sign in</Button>
            <Button onClick={() => void signIn('device-code', tenant, chosenCloud)} disabled={busy !== null}>Sign in with a device code</Button>
          </div>
          <Text className={s.muted}>“Sign in” opens your browser at Microsoft's page. Without a browser here, use a device code: you type it on any device.</Text>
        </Section>
      )}
      {account?.status === 'signing-in' && (
        <Section title="Waiting for the sign-in">
          {account.deviceCode ? (
            <>
              <Text>Open <strong>{account.deviceCode.verificationUri}</strong> on any device and enter this code:</Text>
              <div className={s.row}>
                <Text className={s.code} aria-label="Device code">{account.deviceCode.userCode}</Text>
                <CopyButton text={account.deviceCode.userCode} label="Copy the device code">Copy</CopyButton>
                <CopyButton text={account.deviceCode.verificationUri} label="Copy the sign-in address">Copy address</CopyButton>
              </div>
              <Text className={s.muted}>The code expires at {new Date(account.deviceCode.expiresAt).toLocaleTimeString()}.</Text>
            </>
          ) : <Text>Finish the sign-in in your browser; this screen follows.</Text>}
          <Spinner size="tiny" label="Waiting for Microsoft Entra ID…" />
        </Section>
      )}
      {signedIn && account && (
        <Section title="Account" actions={account.method === 'msal' ? <Button onClick={() => void signOut()} disabled={busy !== null}>Sign out</Button> : undefined}>
          <Text>Signed in as <strong>{account.username}</strong>{account.tenantId ? ` · tenant ${account.tenantId}` : ''} · {CLOUD_CHOICES.find((c) => c.id === account.cloud)?.label ?? account.cloud} · {account.armEndpoint}</Text>
          {account.method === 'token' && <Text className={s.muted}>The app was started with an access token (AZURE_ACCESS_TOKEN): there is nothing to sign out of.</Text>}
          {account.method === 'msal' && account.tenants.length > 1 && (
            <Field label="Tenant">
              <Select value={account.tenantId ?? ''} onChange={(_, d) => void signIn('browser', d.value)}>
                {account.tenants.map((t) => <option key={t.tenantId} value={t.tenantId}>{t.displayName}{t.guest ? ' (guest)' : ''}</option>)}
              </Select>
            </Field>
          )}
          <div className={s.row}>
            <Field label="Subscription" className={s.grow}>
              <Select value={subscriptionId ?? ''} onChange={(_, d) => void pickSubscription(d.value)}>
                <option value="" disabled>{subscriptions.length ? 'Choose a subscription' : 'No subscriptions'}</option>
                {subscriptions.map((x) => <option key={x.subscriptionId} value={x.subscriptionId}>{x.displayName} ({x.subscriptionId})</option>)}
              </Select>
            </Field>
            <Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" disabled={!subscriptionId} onClick={() => go('azure-backup')}>Choose the backup</Button>
          </div>
        </Section>
      )}
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
