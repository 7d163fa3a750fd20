/** Recovery point: a time-period filter as the portal's "Select restore point", the points newest first, each in UTC and local time. */
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { POINT_PERIODS, type PointPeriod } from '../../../../electron/shared/recovery-point-window';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { formatLocal, formatUtc } from '../../lib/format';
import { useAzure } from '../../stores/azure-store';
import { visiblePoints } from '../../stores/azure-views';
import { useNav } from '../../stores/nav-store';

const PERIOD_LABEL: Record<PointPeriod, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', custom: 'Custom period' };

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  label: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  utc: { fontVariantNumeric: 'tabular-nums' },
});

/** The Recovery point screen. */
export function PointScreen() {
  const s = useStyles();
  const state = useAzure();
  const { period, custom, pointId, busy, problem, setPeriod, pickPoint, instances, instanceId } = state;
  const go = useNav((n) => n.go);
  const [from, setFrom] = useState(custom?.from.slice(0, 10) ?? '');
  const [to, setTo] = useState(custom?.to.slice(0, 10) ?? '');
  const points = visiblePoints(state);
  const server = instances.find((i) => i.id === instanceId)?.serverName;

  return (
    <Page title="Pick a recovery point" lead={`Backups of ${server ?? 'the server'}, newest first. Times are UTC, as the portal and the marker file show them; your local time beside.`}>
      <ProblemBar problem={problem} />
      <Section title="Time period">
        <RadioGroup layout="horizontal" aria-label="Time period" value={period} onChange={(_, d) => void setPeriod(d.value as PointPeriod)}>
          {POINT_PERIODS.map((p) => <Radio key={p} value={p} label={PERIOD_LABEL[p]} />)}
        </RadioGroup>
        {period === 'custom' && (
          <form className={s.row} onSubmit={(e) => { e.preventDefault(); void setPeriod('custom', { from: `${from}T00:00:00Z`, to: `${to}T23:59:59Z` }); }}>
            <Field label="From (UTC date)"><Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} /></Field>
            <Field label="To (UTC date)"><Input type="date" value={to} onChange={(_, d) => setTo(d.value)} /></Field>
            <Button type="submit" disabled={!from || !to}>Show points</Button>
          </form>
        )}
      </Section>
      <Section title={`${points.length} recovery point${points.length === 1 ? '' : 's'}`}>
        {points.length === 0 && !busy && <Text className={s.muted}>No recovery points in this period: choose a longer one.</Text>}
        <RadioGroup aria-label="Recovery point" value={pointId ?? ''} onChange={(_, d) => pickPoint(d.value)}>
          {points.map((p, i) => (
            <Radio key={p.recoveryPointId} value={p.recoveryPointId} label={
              <span className={s.label}>
                <Text weight="semibold" className={s.utc}>{p.time ? formatUtc(p.time) : `Time unreadable: ${p.timeRaw}`}{i === 0 && p.time ? ' — newest' : ''}</Text>
                <Text size={200} className={s.muted}>{p.time ? `${formatLocal(p.time)} local` : ''}{p.type ? ` · ${p.type}` : ''}{p.retentionTag ? ` · ${p.retentionTag}` : ''}</Text>
              </span>
            } />
          ))}
        </RadioGroup>
        <div className={s.row}>
          <Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" disabled={!pointId} onClick={() => go('azure-restore')}>Restore parameters</Button>
        </div>
      </Section>
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
