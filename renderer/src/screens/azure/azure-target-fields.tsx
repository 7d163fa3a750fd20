/**
 * The Target screen's fields for an Azure Database for PostgreSQL flexible server: the server from
 * the subscription (version, region, state), host and user filled from it, and the sign-in to the
 * database — the user's Microsoft Entra token (main gets it; this window never sees it) or the
 * admin password.
 */
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Select, Text, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { SslMode } from '../../../../electron/contract';
import { SSL_MODES } from '../../../../electron/shared/replay-options';
import { useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';
import { useTarget } from '../../stores/target-store';

const useStyles = makeStyles({
  wide: { gridColumn: '1 / -1' },
  fill: { minWidth: 0, width: '100%' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The Azure kind's fields (inside the Target connection form's grid). */
export function AzureTargetFields() {
  const s = useStyles();
  const { form, servers, edit, loadServers, pickServer } = useTarget();
  const { account, subscriptionId } = useAzure();
  const go = useNav((n) => n.go);
  const entraUser = account?.method === 'msal' ? account.username : null;
  useEffect(() => {
    if (subscriptionId) void loadServers(subscriptionId);
  }, [subscriptionId, loadServers]);

  if (account?.status !== 'signed-in' || !subscriptionId) {
    return (
      <div className={s.wide}>
        <Text block>Sign in to Azure and choose a subscription to list its flexible servers.</Text>
        <Button onClick={() => go('azure-sign-in')}>Go to Sign in</Button>
      </div>
    );
  }
  const server = servers.find((x) => x.id === form.serverId);
  return (
    <>
      <Field label="Flexible server" className={s.wide} required hint={servers.length ? `${servers.length} in the subscription.` : 'Reading the subscription\'s servers…'}>
        <Select value={form.serverId} onChange={(_, d) => pickServer(d.value, entraUser)}>
          <option value="" disabled>Choose a server</option>
          {servers.map((x) => <option key={x.id} value={x.id}>{`${x.name} — PostgreSQL ${x.version}, ${x.location}, ${x.state}`}</option>)}
        </Select>
      </Field>
      {server && (
        <>
          <Text className={`${s.wide} ${s.muted}`}>{server.host} · resource group {server.resourceGroup} · {server.publicNetworkAccess === 'Enabled' ? 'public access (firewall rules)' : 'private access'}</Text>
          <RadioGroup className={s.wide} layout="horizontal" value={form.auth} aria-label="Sign in to the database with"
            onChange={(_, d) => edit({ auth: d.value as 'entra' | 'password', user: d.value === 'entra' ? entraUser ?? '' : server.adminLogin ?? '', password: '' })}>
            <Radio value="entra" label="Microsoft Entra token" disabled={!server.entraAuth || !entraUser} />
            <Radio value="password" label="Admin password" disabled={!server.passwordAuth} />
          </RadioGroup>
          {form.auth === 'entra' && (
            <Text className={`${s.wide} ${s.muted}`}>
              {entraUser ? 'Your sign-in token for Azure Database for PostgreSQL is the password: the app’s main process gets a fresh one at each check; this window never sees it.' : 'Sign in (not with an access token) to use your Entra token.'}
            </Text>
          )}
        </>
      )}
      <Field label="User" required>
        <Input value={form.user} onChange={(_, d) => edit({ user: d.value })} spellCheck={false} autoComplete="username" />
      </Field>
      <Field label="Port" required>
        <Input className={s.fill} value={form.port} onChange={(_, d) => edit({ port: d.value })} inputMode="numeric" />
      </Field>
      {form.auth === 'password' && (
        <Field label="Password" className={s.wide} hint="Sent once to the app’s main process and kept there; never shown, logged or put on a command line.">
          <Input type="password" value={form.password} onChange={(_, d) => edit({ password: d.value })} autoComplete="current-password" />
        </Field>
      )}
      <Field label="SSL mode">
        <Select value={form.sslmode} onChange={(_, d) => edit({ sslmode: d.value as SslMode })}>
          {SSL_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
        </Select>
      </Field>
      <Field label="Database" hint="Where to connect for the checks.">
        <Input className={s.fill} value={form.database} onChange={(_, d) => edit({ database: d.value })} spellCheck={false} />
      </Field>
    </>
  );
}
