/** Target: a PostgreSQL server (or the local sandbox) and its pre-flight checklist. */
import {
  Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Text, tokens,
} from '@fluentui/react-components';
import { ArrowRight20Regular } from '@fluentui/react-icons';
import type { FormEvent } from 'react';
import type { SslMode } from '../../../electron/contract';
import { SSL_MODES } from '../../../electron/shared/replay-options';
import { Page, Section } from '../components/page';
import { PreflightList } from '../components/preflight-list';
import { ProblemBar } from '../components/problem-bar';
import { AzureTargetFields } from './azure/azure-target-fields';
import { ParameterChange } from './azure/parameter-change';
import { goToPlan } from '../stores/plan-store';
import { targetReady, useTarget } from '../stores/target-store';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(320px, 1fr) minmax(320px, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  form: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 120px', gap: tokens.spacingVerticalM + ' ' + tokens.spacingHorizontalM },
  // Fluent inputs have an intrinsic width; in a narrow grid column they must shrink instead of spilling over.
  fill: { minWidth: 0, width: '100%' },
  wide: { gridColumn: '1 / -1' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}` },
  muted: { color: tokens.colorNeutralForeground3 },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

/** The Target screen. */
export function TargetScreen() {
  const s = useStyles();
  const { form, checking, target, problem, edit, check, allowExtensions } = useTarget();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void check();
  };
  const failing = target?.checks.filter((c) => c.status === 'fail').length ?? 0;

  return (
    <Page
      title="Target"
      lead="Where the backup is replayed: a PostgreSQL server you can reach (a new Flexible Server, or any PostgreSQL), or a private sandbox on this computer."
      actions={<Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" disabled={!target} onClick={goToPlan}>Plan the replay</Button>}
    >
      <div className={s.grid}>
        <Section title="Connection">
          <form onSubmit={submit} className={s.form} aria-label="Target connection">
            <RadioGroup className={s.wide} layout="horizontal" value={form.kind} onChange={(_, d) => edit({ kind: d.value as 'server' | 'sandbox' | 'azure' })} aria-label="Kind of target">
              <Radio value="server" label="PostgreSQL server" />
              <Radio value="azure" label="Azure Database for PostgreSQL flexible server" />
              <Radio value="sandbox" label="Local sandbox" />
            </RadioGroup>
            {form.kind === 'server' ? (
              <>
                <Field label="Host" required>
                  <Input value={form.host} onChange={(_, d) => edit({ host: d.value })} placeholder="myserver.postgres.database.azure.com" spellCheck={false} />
                </Field>
                <Field label="Port" required>
                  <Input className={s.fill} value={form.port} onChange={(_, d) => edit({ port: d.value })} inputMode="numeric" />
                </Field>
                <Field label="User" required>
                  <Input value={form.user} onChange={(_, d) => edit({ user: d.value })} spellCheck={false} autoComplete="username" />
                </Field>
                <Field label="SSL mode">
                  <Select value={form.sslmode} onChange={(_, d) => edit({ sslmode: d.value as SslMode })}>
                    {SSL_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
                  </Select>
                </Field>
                <Field label="Password" className={s.wide} hint={target || form.password === '' ? 'Kept by the app’s main process after a check (this field then empties): leave it empty to check again with the same password. Never shown, logged or put on a command line.' : 'Sent once to the app’s main process and kept there; never shown, logged or put on a command line.'}>
                  <Input type="password" value={form.password} onChange={(_, d) => edit({ password: d.value })} autoComplete="current-password" />
                </Field>
                <Field label="Database" className={s.wide} hint="Where to connect for the checks; the replay creates each database itself.">
                  <Input value={form.database} onChange={(_, d) => edit({ database: d.value })} spellCheck={false} />
                </Field>
              </>
            ) : form.kind === 'azure' ? <AzureTargetFields /> : (
              <Text className={s.wide}>
                Starts a private PostgreSQL server on this computer (bundled with the app), reachable only from here. Good for looking at a backup without touching any real server.
              </Text>
            )}
            <div className={`${s.row} ${s.wide}`}>
              <Button type="submit" appearance="primary" disabled={checking}>Check target</Button>
              {checking && <Spinner size="tiny" label={form.kind === 'sandbox' ? 'Starting the sandbox and checking…' : 'Connecting and checking…'} />}
            </div>
          </form>
          <ProblemBar problem={problem} />
        </Section>
        <Section title="Pre-flight" label="Pre-flight">
          {!target && !checking && <Text className={s.muted}>Check the target to see whether the replay can run: reachable, version, privileges, name conflicts, extensions, client tools.</Text>}
          {target && (
            <>
              <div className={s.facts}>
                <Text weight="semibold">Server</Text>
                <Text>{target.kind === 'sandbox' ? 'Local sandbox' : `${target.host}:${target.port}`}{target.serverVersion ? ` · PostgreSQL ${target.serverVersion}` : ''}</Text>
                <Text weight="semibold">User</Text>
                <Text>{target.user}</Text>
                {target.dataDir && (<><Text weight="semibold">Data folder</Text><Text>{target.dataDir}</Text></>)}
                <Text weight="semibold">Databases</Text>
                <div className={s.chips}>
                  {target.existingDatabases.length === 0 && <Text className={s.muted}>none</Text>}
                  {target.existingDatabases.map((d) => <Badge key={d} appearance="outline" color="informative">{d}</Badge>)}
                </div>
              </div>
              <PreflightList checks={target.checks} />
              {target.parameterChange && <ParameterChange change={target.parameterChange} busy={checking} onAllow={() => void allowExtensions()} />}
              {target.needsNoOwner && (
                <MessageBar intent="info"><MessageBarBody>This user cannot become every object owner, so objects will be restored with --no-owner (owned by {target.user}).</MessageBarBody></MessageBar>
              )}
              {targetReady(target) ? (
                <MessageBar intent="success"><MessageBarBody>The target is ready. Continue to plan the replay.</MessageBarBody></MessageBar>
              ) : (
                <MessageBar intent="warning"><MessageBarBody>{failing} check{failing === 1 ? '' : 's'} failed. Fix them and check again, or plan anyway and let the plan show what will be skipped.</MessageBarBody></MessageBar>
              )}
            </>
          )}
        </Section>
      </div>
    </Page>
  );
}
