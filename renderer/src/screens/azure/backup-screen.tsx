/** Backup: the subscription's Backup vaults, then its PostgreSQL Flexible Server backup instances, searchable. */
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular, Search20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  wide: { minWidth: '360px' },
  label: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The Backup screen. */
export function BackupScreen() {
  const s = useStyles();
  const { vaults, vaultId, instances, instanceId, busy, problem, pickVault, pickInstance } = useAzure();
  const go = useNav((n) => n.go);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = instances.filter((i) => !q || `${i.friendlyName} ${i.serverName} ${i.location ?? ''}`.toLowerCase().includes(q));

  return (
    <Page title="Pick the backup" lead="Backup vaults of the subscription, and the PostgreSQL Flexible Servers each protects.">
      <ProblemBar problem={problem} />
      <Section title="Vault">
        <Field label="Backup vault" className={s.wide}>
          <Select value={vaultId ?? ''} onChange={(_, d) => void pickVault(d.value)}>
            <option value="" disabled>{vaults.length ? 'Choose a vault' : 'No Backup vaults in this subscription'}</option>
            {vaults.map((v) => <option key={v.id} value={v.id}>{v.name} ({v.location}, {v.resourceGroup})</option>)}
          </Select>
        </Field>
      </Section>
      {vaultId && (
        <Section title="PostgreSQL Flexible Server backups">
          <Field label="Search backup instances" className={s.wide}>
            <Input contentBefore={<Search20Regular />} value={query} onChange={(_, d) => setQuery(d.value)} placeholder="server name or region" />
          </Field>
          {instances.length === 0 && !busy && <Text className={s.muted}>This vault protects no PostgreSQL Flexible Server.</Text>}
          <RadioGroup aria-label="Backup instance" value={instanceId ?? ''} onChange={(_, d) => void pickInstance(d.value)}>
            {shown.map((i) => (
              <Radio key={i.id} value={i.id} label={
                <span className={s.label}>
                  <Text weight="semibold">{i.serverName}</Text>
                  <Text size={200} className={s.muted}>{i.friendlyName} · {i.location ?? 'region unknown'} · {i.protectionStatus ?? 'protection state unknown'}</Text>
                </span>
              } />
            ))}
          </RadioGroup>
          <div className={s.row}>
            <Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" disabled={!instanceId} onClick={() => go('azure-point')}>Choose the recovery point</Button>
          </div>
        </Section>
      )}
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
