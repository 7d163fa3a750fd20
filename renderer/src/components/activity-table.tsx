/** One table of activities (replays, Azure jobs, downloads): when, what, status, and the buttons back to each one's screen. */
import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { formatUtc } from '../lib/format';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { wordBreak: 'break-all' },
});

export interface ActivityRow {
  id: string;
  /** Set for the kinds that share one table (a job, a download). */
  kind?: string;
  startedAt: string;
  title: string;
  detail: string;
  badge: { text: string; color: 'brand' | 'success' | 'warning' | 'danger' | 'informative' | 'important' | 'severe' | 'subtle' };
  /** The machine-readable status (data-status), for tests and styling. */
  state: string;
  actions: ReactNode;
}

export function ActivityTable({ label, rows }: { label: string; rows: ActivityRow[] }) {
  const s = useStyles();
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '190px' }}>Started</TableHeaderCell>
          <TableHeaderCell>What</TableHeaderCell>
          <TableHeaderCell style={{ width: '200px' }}>Status</TableHeaderCell>
          <TableHeaderCell style={{ width: '190px' }}>Open</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-activity={r.id} data-kind={r.kind} data-status={r.state}>
            <TableCell>{formatUtc(r.startedAt)}</TableCell>
            <TableCell>
              <Text block className={s.title}>{r.title}</Text>
              <Text size={200} className={`${s.muted} ${s.title}`}>{r.detail}</Text>
            </TableCell>
            <TableCell><Badge appearance="tint" color={r.badge.color}>{r.badge.text}</Badge></TableCell>
            <TableCell><div className={s.actions}>{r.actions}</div></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
