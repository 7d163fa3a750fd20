/**
 * Restore parameters: where the files go (a storage account, then a new container — proposed — or
 * one of its existing containers; or a pasted Container URL), the prerequisite checklist live (Validate, Re-check, Grant role, the
 * knowing override of an unknown check), then Review + Restore — sent only when the gate opens.
 */
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular, CloudArrowUp20Regular, ShieldCheckmark20Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { formatUtc } from '../../lib/format';
import { useAzure } from '../../stores/azure-store';
import { currentGate, makesContainer, targetContainerUrl } from '../../stores/azure-views';
import { PrerequisiteList } from './prerequisite-list';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  wide: { minWidth: '420px', flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  url: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  review: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
});

/** The Restore parameters screen. */
export function RestoreScreen() {
  const s = useStyles();
  const st = useAzure();
  const { storageAccounts, targetMode, accountId, containers, containersFor, container, newContainer, pastedUrl, checks, overridden, busy, problem, instances, instanceId, points, pointId } = st;
  const { loadStorageAccounts, setTarget, check, grantRole, toggleOverride, restore } = st;
  useEffect(() => {
    void loadStorageAccounts();
  }, [loadStorageAccounts]);
  const url = targetContainerUrl(st);
  const gate = currentGate(st);
  const point = points.find((p) => p.recoveryPointId === pointId);
  const server = instances.find((i) => i.id === instanceId)?.serverName;
  const canGrant = checks?.canGrantRole !== false;
  const makes = makesContainer(st);
  const account = storageAccounts.find((a) => a.id === accountId);

  return (
    <Page title="Restore parameters" lead="Azure Backup writes the files into a blob container. A new container per restore is safest: the marker file has no prefix, so two restores into one container collide.">
      <ProblemBar problem={problem} />
      <Section title="Where the files go">
        <RadioGroup aria-label="Target container" layout="horizontal" value={targetMode} onChange={(_, d) => setTarget({ targetMode: d.value as 'account' | 'url' })}>
          <Radio value="account" label="A container in a storage account" />
          <Radio value="url" label="An existing container (paste its URL)" />
        </RadioGroup>
        {targetMode === 'account' ? (
          <div className={s.row}>
            <Field label="Storage account" className={s.wide}>
              <Select value={accountId ?? ''} onChange={(_, d) => setTarget({ accountId: d.value })}>
                <option value="" disabled>{storageAccounts.length ? 'Choose a storage account' : 'No storage accounts found'}</option>
                {storageAccounts.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.location}, {a.resourceGroup})</option>)}
              </Select>
            </Field>
            <Field label="Container" hint={account && containersFor === account.id ? `${containers.length} existing in ${account.name}.` : undefined}>
              <Select value={container ?? ''} onChange={(_, d) => setTarget({ container: d.value || null })} disabled={!account}>
                <option value="">A new container (safest)</option>
                {containers.map((c) => <option key={c.name} value={c.name}>{c.name}{c.lastModified ? ` (changed ${formatUtc(c.lastModified)})` : ''}</option>)}
              </Select>
            </Field>
            {makes && (
              <Field label="New container" hint="3–63 lower-case letters, digits and hyphens.">
                <Input value={newContainer} onChange={(_, d) => setTarget({ newContainer: d.value })} spellCheck={false} />
              </Field>
            )}
          </div>
        ) : (
          <Field label="Container URL" hint="https://<account>.blob.core.windows.net/<container> (an emulator's path-style URL works too)." className={s.wide}>
            <Input value={pastedUrl} onChange={(_, d) => setTarget({ pastedUrl: d.value })} spellCheck={false} />
          </Field>
        )}
        {url && <Text className={s.muted}>Files go to <span className={s.url}>{url}</span></Text>}
        {targetMode === 'account' && !makes && (
          <Text size={200} className={s.muted}>An existing container: files of an earlier restore in it would be mixed with these (the marker file has no prefix).</Text>
        )}
        <Text size={200} className={s.muted}>No file prefix: Azure Backup ignores it for PostgreSQL Flexible Server (the blob names carry a GUID instead).</Text>
        <div className={s.row}>
          <Button appearance={checks ? 'secondary' : 'primary'} icon={checks ? <ArrowSync20Regular /> : <ShieldCheckmark20Regular />} onClick={() => void check()} disabled={!url || busy !== null}>
            {checks ? 'Re-check' : 'Validate'}
          </Button>
        </div>
      </Section>
      {checks && (
        <Section title={`Prerequisites — checked ${formatUtc(checks.checkedAt)}`}>
          <PrerequisiteList checks={checks.checks} overridden={overridden} onToggle={toggleOverride} onGrant={canGrant ? () => void grantRole() : undefined} />
        </Section>
      )}
      {checks && (
        <Section title="Review + restore">
          <dl className={s.review}>
            <dt>Server</dt><dd>{server ?? '—'}</dd>
            <dt>Recovery point</dt><dd>{point?.time ? formatUtc(point.time) : '—'}</dd>
            <dt>Container</dt><dd className={s.url}>{url}{makes ? ' (made now)' : ''}</dd>
          </dl>
          {!gate.canSend && (
            <MessageBar intent={gate.failed.length ? 'error' : 'warning'}>
              <MessageBarBody>
                {gate.failed.length
                  ? `Nothing will be sent while ${gate.failed.length} check${gate.failed.length === 1 ? '' : 's'} failed: fix ${gate.failed.length === 1 ? 'it' : 'them'} as shown, then Re-check.`
                  : 'Some checks could not be made: tick each one you accept to go past, or Re-check.'}
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={s.row}>
            <Button appearance="primary" icon={<CloudArrowUp20Regular />} disabled={!gate.canSend || !pointId || busy !== null} onClick={() => void restore()}>Restore</Button>
          </div>
        </Section>
      )}
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
