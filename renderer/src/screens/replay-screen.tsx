/** Replay: overall progress, one lane per database, setup steps, errors grouped, the live log; Cancel and Retry. */
import { Badge, Button, makeStyles, ProgressBar, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular, DismissCircle20Regular } from '@fluentui/react-icons';
import { ErrorGroups } from '../components/error-groups';
import { LaneCard } from '../components/lane-card';
import { LogViewer } from '../components/log-viewer';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { formatDuration, formatPercent } from '../lib/format';
import { useNav } from '../stores/nav-store';
import { replayActive, type ReplayData } from '../stores/replay-reducer';
import { useReplay } from '../stores/replay-store';

const useStyles = makeStyles({
  overall: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  stats: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap', fontVariantNumeric: 'tabular-nums' },
  big: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  lanes: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(380px, 1fr))', gap: tokens.spacingHorizontalM },
  steps: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const FILE_STATUS_COLOR = { running: 'brand', restored: 'success', partial: 'warning', failed: 'danger', skipped: 'informative', cancelled: 'severe' } as const;

/** How the run ended, in one or two words. */
function endWord(st: ReplayData): string {
  if (st.failure) return 'Did not run';
  if (!st.summary) return 'Stopped';
  if (st.summary.ok) return 'Finished';
  if (st.order.some((n) => st.lanes[n].status === 'cancelled')) return 'Cancelled';
  return 'Finished with problems';
}

/** The Replay screen. */
export function ReplayScreen() {
  const s = useStyles();
  const st = useReplay();
  const go = useNav((n) => n.go);
  const active = st.starting || replayActive(st);
  const lanes = st.order.map((n) => st.lanes[n]);
  const restores = new Set(st.plan?.databases.filter((d) => d.action === 'restore').map((d) => d.name) ?? []);
  const done = lanes.filter((l) => l.status !== 'running' && l.status !== 'pending').length;

  return (
    <Page
      title="Replay"
      lead={st.plan ? `Into ${st.plan.target.user}@${st.plan.target.host}:${st.plan.target.port} with ${st.plan.jobs} job${st.plan.jobs === 1 ? '' : 's'} in total.` : st.starting ? 'Starting…' : 'Waiting for the plan…'}
      actions={
        <>
          <Button icon={<DismissCircle20Regular />} onClick={() => void st.cancel()} disabled={!active || st.cancelling || !st.runId}>{st.cancelling ? 'Cancelling…' : 'Cancel'}</Button>
          <Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" onClick={() => go('report')} disabled={active}>See the report</Button>
        </>
      }
    >
      <ProblemBar problem={st.problem} />
      {st.failure && <ProblemBar problem={{ code: 'target-refused', message: st.failure.message, hint: st.failure.hint }} />}
      <Section title="Overall" label="Overall progress">
        <div className={s.overall}>
          <ProgressBar value={st.overall.fraction} max={1} thickness="large" aria-label="Overall progress" aria-valuetext={formatPercent(st.overall.fraction)} color={active ? 'brand' : st.summary?.ok ? 'success' : 'warning'} />
          <div className={s.stats}>
            <Text className={s.big} data-testid="overall-percent">{formatPercent(st.overall.fraction)}</Text>
            <Text>{done}/{lanes.length} databases finished</Text>
            <Text>elapsed {formatDuration(st.overall.elapsedMs)}</Text>
            {active && <Text>ETA {st.overall.etaMs === null ? '—' : formatDuration(st.overall.etaMs)}</Text>}
            {active ? <Spinner size="extra-tiny" label="running" /> : <Text weight="semibold">{endWord(st)}</Text>}
          </div>
          {st.files.length > 0 && (
            <div className={s.steps}>
              {st.files.map((f) => (
                <Text key={f.kind}>
                  {f.kind} <Badge appearance="tint" color={FILE_STATUS_COLOR[f.status]}>{f.status}</Badge>
                  {f.result?.changes ? <span className={s.muted}> · {f.result.changes} lines made Flexible-safe</span> : null}
                </Text>
              ))}
            </div>
          )}
        </div>
      </Section>
      <Section title="Databases" label="Database lanes">
        {lanes.length === 0 ? <Text className={s.muted}>Waiting for the plan…</Text> : (
          <div className={s.lanes}>
            {lanes.map((l) => <LaneCard key={l.name} lane={l} retryable={restores.has(l.name)} onRetry={(name) => void st.retry(name)} />)}
          </div>
        )}
      </Section>
      <Section title={`Errors (${st.errors.length})`} label="Errors">
        <ErrorGroups errors={st.errors} />
      </Section>
      <Section title="Log" label="Log">
        <LogViewer />
      </Section>
    </Page>
  );
}
