/** Every file of the restore set with what its header says; actions to look inside. */
import {
  Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip,
} from '@fluentui/react-components';
import type { InspectedDatabase, RestoreFile, RestoreSetView } from '../../../electron/contract';
import { formatBytes, plural } from '../lib/format';

const useStyles = makeStyles({
  file: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, display: 'block', maxWidth: '240px',
    overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', direction: 'rtl', textAlign: 'left',
  },
  kind: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  // Seven columns that fit the content area from 1280 px up: a button is never off-screen, and
  // nothing scrolls sideways when one takes focus.
  table: { tableLayout: 'auto', width: '100%' },
});

const KIND_LABEL: Record<RestoreFile['kind'], string> = {
  marker: 'Marker', database: 'Database dump', roles: 'Roles', schema: 'Schema', tablespaces: 'Tablespaces', unknown: 'Unknown',
};

export interface FileTableProps {
  view: RestoreSetView;
  selected: string | null;
  onContents(db: InspectedDatabase): void;
  onView(file: string): void;
  onRoles(): void;
}

/** '15.18 (Debian 15.18-0+deb12u1)' → '15.18'; the full text stays in the cell's title. */
const shortVersion = (v: string): string => v.split(' ')[0];

/** The file table on the Restore set screen. */
export function FileTable({ view, selected, onContents, onView, onRoles }: FileTableProps) {
  const s = useStyles();
  const byFile = new Map(view.databases.map((d) => [d.file, d]));
  return (
    <Table size="small" aria-label="Files in the restore set" className={s.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Database</TableHeaderCell>
            <TableHeaderCell className={s.num}>Size</TableHeaderCell>
            <TableHeaderCell>Made by</TableHeaderCell>
            <TableHeaderCell>Holds</TableHeaderCell>
            <TableHeaderCell>Read by</TableHeaderCell>
            <TableHeaderCell><span className={s.muted}>Actions</span></TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {view.files.map((f) => {
            const db = byFile.get(f.file);
            const a = db?.archive;
            return (
              <TableRow key={f.file} aria-selected={selected === f.file}>
                <TableCell>
                  <span className={s.file} title={f.file}><bdi>{f.file}</bdi></span>
                  <Text size={200} className={s.kind}>
                    {KIND_LABEL[f.kind]}
                    {db?.system && <Tooltip content={db.systemReason ?? 'System database'} relationship="description"><Badge appearance="outline" color="informative">system</Badge></Tooltip>}
                    {db?.problem && <Badge appearance="filled" color="danger">problem</Badge>}
                  </Text>
                  {f.note && <Text size={200} block className={s.muted}>{f.note}</Text>}
                </TableCell>
                <TableCell>{f.database ?? <span className={s.muted}>—</span>}</TableCell>
                <TableCell className={s.num}>{formatBytes(f.size)}</TableCell>
                <TableCell>{a ? (
                  <>
                    <Text size={200} block title={a.pgDumpVersion}>pg_dump {shortVersion(a.pgDumpVersion)}</Text>
                    <Text size={200} block className={s.muted} title={a.serverVersion}>server {shortVersion(a.serverVersion)} · archive {a.archiveVersion}</Text>
                  </>
                ) : <span className={s.muted}>—</span>}</TableCell>
                <TableCell>{a ? (
                  <>
                    <Text size={200} block>{plural(a.tableCount, 'table')}</Text>
                    <Text size={200} block className={s.muted}>{plural(a.entryCount, 'entry', 'entries')}</Text>
                  </>
                ) : <span className={s.muted}>—</span>}</TableCell>
                <TableCell>{db ? (db.client ? `pg_restore ${db.client.version}`
                  : db.problem && db.problem.code !== 'no-client' && db.problem.code !== 'client-too-old'
                    ? <Text className={s.muted}>not read: damaged</Text>
                    : <Badge color="danger" appearance="tint">none can read it</Badge>) : '—'}</TableCell>
                <TableCell>
                  <div className={s.actions}>
                    {db && a && <Button size="small" onClick={() => onContents(db)} aria-label={`Contents of ${db.name}`}>Contents</Button>}
                    {(f.kind === 'roles' || f.kind === 'schema' || f.kind === 'tablespaces' || f.kind === 'marker') && (
                      <Button size="small" onClick={() => onView(f.file)} aria-label={`View ${f.file}`}>View</Button>
                    )}
                    {f.kind === 'roles' && <Button size="small" onClick={onRoles} aria-label="Preview the Flexible-safe roles">Safe diff</Button>}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
    </Table>
  );
}
