/** Every file of the restore set with what its header says; actions to look inside. */
import {
  Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip,
} from '@fluentui/react-components';
import type { InspectedDatabase, RestoreFile, RestoreSetView } from '../../../electron/contract';
import { formatBytes } from '../lib/format';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  file: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, display: 'block', maxWidth: '260px',
    overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', direction: 'rtl', textAlign: 'left',
  },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap' },
  // Columns size to their content; a narrow window scrolls the table instead of clipping its buttons.
  scroll: { overflowX: 'auto' },
  table: { tableLayout: 'auto' },
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
    <div className={s.wrap}>
      <div className={s.scroll}>
      <Table size="small" aria-label="Files in the restore set" className={s.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Database</TableHeaderCell>
            <TableHeaderCell className={s.num}>Size</TableHeaderCell>
            <TableHeaderCell>Archive</TableHeaderCell>
            <TableHeaderCell>pg_dump</TableHeaderCell>
            <TableHeaderCell>Server</TableHeaderCell>
            <TableHeaderCell className={s.num}>Entries</TableHeaderCell>
            <TableHeaderCell className={s.num}>Tables</TableHeaderCell>
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
                <TableCell><span className={s.file} title={f.file}><bdi>{f.file}</bdi></span>{f.note && <Text size={200} block className={s.muted}>{f.note}</Text>}</TableCell>
                <TableCell>
                  {KIND_LABEL[f.kind]}
                  {db?.system && <> <Tooltip content={db.systemReason ?? 'System database'} relationship="description"><Badge appearance="outline" color="informative">system</Badge></Tooltip></>}
                  {db?.problem && <> <Badge appearance="filled" color="danger">problem</Badge></>}
                </TableCell>
                <TableCell>{f.database ?? <span className={s.muted}>—</span>}</TableCell>
                <TableCell className={s.num}>{formatBytes(f.size)}</TableCell>
                <TableCell>{a?.archiveVersion ?? '—'}</TableCell>
                <TableCell title={a?.pgDumpVersion}>{a ? shortVersion(a.pgDumpVersion) : '—'}</TableCell>
                <TableCell title={a?.serverVersion}>{a ? shortVersion(a.serverVersion) : '—'}</TableCell>
                <TableCell className={s.num}>{a ? a.entryCount : '—'}</TableCell>
                <TableCell className={s.num}>{a ? a.tableCount : '—'}</TableCell>
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
      </div>
    </div>
  );
}
