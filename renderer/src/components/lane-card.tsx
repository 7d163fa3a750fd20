/** One database's live lane: phase, weighted percentage, items, current objects, elapsed and ETA, Retry when it did not finish. */
import { Button, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import type { Phase } from '../../../electron/contract';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';
import { formatDuration, formatPercent, plural } from '../lib/format';
import type { Lane } from '../stores/replay-reducer';
import { StatusBadge } from './status-badge';

const useStyles = makeStyles({
  lane: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusLarge, backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  name: { flexGrow: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stats: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  current: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  reason: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const PHASE: Record<Phase, string> = {
  waiting: 'Waiting for a job slot', creating: 'Creating the database', 'pre-data': 'Creating tables and types',
  data: 'Loading data', 'post-data': 'Building indexes and constraints', verifying: 'Verifying…', done: 'Done',
};

const ENDED: Partial<Record<Lane['status'], string>> = {
  restored: 'Done', partial: 'Done, with errors', failed: 'Not restored', cancelled: 'Stopped', skipped: 'Skipped',
};

/** A lane on the Replay screen. */
export function LaneCard({ lane, retryable: canRetry = true, onRetry }: { lane: Lane; retryable?: boolean; onRetry(name: string): void }) {
  const s = useStyles();
  const finished = lane.status !== 'running' && lane.status !== 'pending';
  const retryable = canRetry && (lane.status === 'failed' || lane.status === 'cancelled' || lane.status === 'partial');
  const label = lane.name === lane.targetName ? lane.name : `${lane.name} → ${lane.targetName}`;
  return (
    <section className={s.lane} aria-label={`Database ${lane.name}`} data-lane={lane.name} data-status={lane.status}>
      <div className={s.head}>
        <Text weight="semibold" className={s.name} title={label}>{label}</Text>
        <StatusBadge status={lane.status} />
        {retryable && <Button size="small" icon={<ArrowClockwise20Regular />} onClick={() => onRetry(lane.name)} aria-label={`Retry ${lane.name}`}>Retry</Button>}
      </div>
      <ProgressBar
        value={lane.fraction}
        max={1}
        thickness="large"
        color={lane.status === 'failed' || lane.status === 'cancelled' ? 'error' : lane.status === 'partial' ? 'warning' : lane.status === 'restored' ? 'success' : 'brand'}
        aria-label={`${lane.name} progress`}
        aria-valuetext={formatPercent(lane.fraction)}
      />
      <div className={s.stats}>
        <Text>{formatPercent(lane.fraction)}</Text>
        <Text>{finished ? ENDED[lane.status] ?? PHASE[lane.phase] : PHASE[lane.phase]}</Text>
        <Text>{lane.itemsDone}/{lane.itemsTotal} items</Text>
        <Text>elapsed {formatDuration(lane.elapsedMs)}</Text>
        {!finished && <Text>ETA {lane.etaMs === null ? '—' : formatDuration(lane.etaMs)}</Text>}
        {lane.jobs > 0 && <Text>{plural(lane.jobs, 'job')}</Text>}
        {lane.errors > 0 && <Text>{plural(lane.errors, 'error')}</Text>}
      </div>
      {!finished && lane.current.length > 0 && <Text className={s.current} title={lane.current.join('\n')}>Now: {lane.current.slice(0, 3).join(' · ')}{lane.current.length > 3 ? ` +${lane.current.length - 3}` : ''}</Text>}
      {finished && lane.result?.reason && <Text size={200} className={s.reason}>{lane.result.reason}</Text>}
      {finished && lane.result?.verify && (
        <Text size={200} weight="semibold" data-verified={lane.result.verify.ok} style={{ color: lane.result.verify.ok ? tokens.colorPaletteGreenForeground1 : tokens.colorPaletteRedForeground1 }}>
          {verifySummaryLine(lane.result.verify)}
        </Text>
      )}
    </section>
  );
}
