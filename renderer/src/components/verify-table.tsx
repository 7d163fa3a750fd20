/** The Report's verification section: per database the verdict, then every table's rows and every object kind, backup against target. */
import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { DatabaseResult } from '../../../electron/contract';
import { verifyRows, verifySummaryLine, type CheckRow } from '../../../electron/shared/verify-summary';

const useStyles = makeStyles({
  db: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalL },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  bad: { color: tokens.colorPaletteRedForeground1 },
  good: { color: tokens.colorPaletteGreenForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const n = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));

/** One table of checks: what, in the backup, on the target, and whether they match (with why not). */
function CheckTable({ head, label, rows }: { head: string; label: string; rows: CheckRow[] }) {
  const s = useStyles();
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{head}</TableHeaderCell>
          <TableHeaderCell className={s.num}>In the backup</TableHeaderCell>
          <TableHeaderCell className={s.num}>On the target</TableHeaderCell>
          <TableHeaderCell>Check</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.name}>
            <TableCell>{r.name}</TableCell>
            <TableCell className={s.num}>{n(r.archive)}</TableCell>
            <TableCell className={s.num}>{n(r.target)}</TableCell>
            <TableCell className={r.ok ? undefined : s.bad}>{r.ok ? 'match' : 'DIFFERS'}{r.detail ? ` — ${r.detail}` : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Verification of each database that was checked against its archive. */
export function VerifyTables({ results }: { results: DatabaseResult[] }) {
  const s = useStyles();
  const checked = results.filter((r) => r.verify);
  if (!checked.length) return <Text className={s.muted}>No database was checked against its archive yet.</Text>;
  return (
    <>
      {checked.map((r) => {
        const v = r.verify!;
        const rows = verifyRows(v);
        return (
          <div key={r.name} className={s.db} data-verify={r.name}>
            <Text weight="semibold" className={v.ok ? s.good : s.bad}>{r.name}: {verifySummaryLine(v)}</Text>
            {v.notes.map((note) => <Text key={note} size={200} className={s.muted}>{note}</Text>)}
            <CheckTable head="Table" label={`Rows per table in ${r.name}`} rows={rows.tables} />
            <CheckTable head="Objects" label={`Objects by kind in ${r.name}`} rows={rows.objects} />
          </div>
        );
      })}
    </>
  );
}
