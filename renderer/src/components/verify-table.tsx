/** The Report's verification section: per database the verdict, then every table's rows and every object kind, backup against target. */
import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { DatabaseResult } from '../../../electron/contract';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';

const useStyles = makeStyles({
  db: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalL },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  bad: { color: tokens.colorPaletteRedForeground1 },
  good: { color: tokens.colorPaletteGreenForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));

/** Verification of each database that was checked against its archive. */
export function VerifyTables({ results }: { results: DatabaseResult[] }) {
  const s = useStyles();
  const checked = results.filter((r) => r.verify);
  if (!checked.length) return <Text className={s.muted}>No database was checked against its archive yet.</Text>;
  return (
    <>
      {checked.map((r) => {
        const v = r.verify!;
        return (
          <div key={r.name} className={s.db} data-verify={r.name}>
            <Text weight="semibold" className={v.ok ? s.good : s.bad}>{r.name}: {verifySummaryLine(v)}</Text>
            {v.notes.map((note) => <Text key={note} size={200} className={s.muted}>{note}</Text>)}
            <Table size="small" aria-label={`Rows per table in ${r.name}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Table</TableHeaderCell>
                  <TableHeaderCell className={s.num}>In the backup</TableHeaderCell>
                  <TableHeaderCell className={s.num}>On the target</TableHeaderCell>
                  <TableHeaderCell>Check</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {v.tables.map((t) => (
                  <TableRow key={t.name}>
                    <TableCell>{t.name}</TableCell>
                    <TableCell className={s.num}>{n(t.archiveRows)}</TableCell>
                    <TableCell className={s.num}>{n(t.targetRows)}</TableCell>
                    <TableCell className={t.ok ? undefined : s.bad}>{t.ok ? 'match' : 'DIFFERS'}{t.note ? ` — ${t.note}` : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Table size="small" aria-label={`Objects by kind in ${r.name}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Objects</TableHeaderCell>
                  <TableHeaderCell className={s.num}>In the backup</TableHeaderCell>
                  <TableHeaderCell className={s.num}>On the target</TableHeaderCell>
                  <TableHeaderCell>Check</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {v.objects.map((o) => (
                  <TableRow key={o.kind}>
                    <TableCell>{o.kind}</TableCell>
                    <TableCell className={s.num}>{n(o.archive)}</TableCell>
                    <TableCell className={s.num}>{n(o.target)}</TableCell>
                    <TableCell className={o.ok ? undefined : s.bad}>
                      {o.ok ? 'match' : 'DIFFERS'}
                      {o.missing.length > 0 && ` — missing: ${o.missing.join(', ')}`}
                      {o.extra.length > 0 && ` — not in the backup: ${o.extra.join(', ')}`}
                      {o.explained.length > 0 && ` — ${o.explained.join(' ')}`}
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell>sequence values</TableCell>
                  <TableCell className={s.num}>{n(v.sequences.checked)}</TableCell>
                  <TableCell className={s.num}>{n(v.sequences.checked - v.sequences.mismatched.length)}</TableCell>
                  <TableCell className={v.sequences.mismatched.length ? s.bad : undefined}>
                    {v.sequences.mismatched.length ? `DIFFERS — ${v.sequences.mismatched.map((q) => `${q.name}: ${q.archive} vs ${q.target ?? 'missing'}`).join('; ')}` : 'match'}
                  </TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </div>
        );
      })}
    </>
  );
}
