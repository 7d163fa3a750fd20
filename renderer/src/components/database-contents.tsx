/** A database dump's contents: objects by schema and kind, tables by size. */
import {
  Badge, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import type { ArchiveContents } from '../../../electron/contract';
import { formatBytes } from '../lib/format';
import type { Loadable } from '../stores/restore-set-store';
import { ProblemBar } from './problem-bar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  schema: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SHOWN_TABLES = 50;

/** Kind counts as small badges, biggest first. */
function Counts({ counts }: { counts: Record<string, number> }) {
  const s = useStyles();
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!entries.length) return <Text className={s.muted}>none</Text>;
  return (
    <div className={s.chips}>
      {entries.map(([kind, n]) => <Badge key={kind} appearance="tint" color="informative">{kind.toLowerCase()} · {n}</Badge>)}
    </div>
  );
}

/** The contents panel for one database. */
export function DatabaseContents({ data }: { data: Loadable<ArchiveContents> | undefined }) {
  const s = useStyles();
  if (!data || data.status === 'loading') return <Spinner size="tiny" label="Reading the archive's table of contents…" />;
  if (data.status === 'error') return <ProblemBar problem={data.problem} />;
  const c = data.value;
  return (
    <div className={s.root}>
      <div className={s.chips}>
        <Text weight="semibold">Database-wide:</Text> <Counts counts={c.global} />
      </div>
      <div className={s.chips}>
        <Text weight="semibold">Extensions it needs:</Text>
        {c.extensions.length ? c.extensions.map((e) => <Badge key={e} appearance="outline">{e}</Badge>) : <Text className={s.muted}>none</Text>}
      </div>
      <div className={s.chips}>
        <Text weight="semibold">Owners:</Text>
        {c.owners.length ? c.owners.map((o) => <Badge key={o} appearance="outline" color="informative">{o}</Badge>) : <Text className={s.muted}>none</Text>}
      </div>
      {c.schemas.map((schema) => {
        const tables = [...schema.tables].sort((a, b) => (b.dataSize ?? -1) - (a.dataSize ?? -1) || a.name.localeCompare(b.name));
        return (
          <div key={schema.name} className={s.schema}>
            <Text weight="semibold">Schema {schema.name}</Text>
            <Counts counts={schema.counts} />
            {tables.length > 0 && (
              <Table size="extra-small" aria-label={`Tables in schema ${schema.name}`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Table</TableHeaderCell>
                    <TableHeaderCell>Owner</TableHeaderCell>
                    <TableHeaderCell className={s.num}>Data in archive</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {tables.slice(0, SHOWN_TABLES).map((t) => (
                    <TableRow key={t.name}>
                      <TableCell className={s.mono}>{t.name}</TableCell>
                      <TableCell>{t.owner}</TableCell>
                      <TableCell className={s.num}>{t.dataDumpId === null ? <span className={s.muted}>no data</span> : formatBytes(t.dataSize)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {tables.length > SHOWN_TABLES && <Text size={200} className={s.muted}>…and {tables.length - SHOWN_TABLES} smaller tables.</Text>}
          </div>
        );
      })}
    </div>
  );
}
