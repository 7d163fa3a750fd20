/** Home: open a restore set by path, system dialog or drag-and-drop; recent sets; the sample; Azure's future entry. */
import {
  Button, Field, Input, makeStyles, mergeClasses, Spinner, Text, tokens,
} from '@fluentui/react-components';
import { Beaker24Regular, Cloud24Regular, Folder20Regular, FolderOpen24Regular, History20Regular } from '@fluentui/react-icons';
import { useState, type DragEvent, type FormEvent } from 'react';
import { ProblemBar } from '../components/problem-bar';
import { Page, Section } from '../components/page';
import { droppedPath } from '../lib/bridge';
import { pathFromDrop } from '../lib/drop-path';
import { formatUtc } from '../lib/format';
import { useRestoreSet } from '../stores/restore-set-store';
import { useSettings } from '../stores/settings-store';
import { useAzure } from '../stores/azure-store';
import { anyRunningCount } from '../stores/azure-views';
import { useNav } from '../stores/nav-store';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(260px, 1fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '260px' },
  drop: {
    display: 'flex', alignItems: 'center', justifyContent: 'center', gap: tokens.spacingHorizontalM, minHeight: '96px',
    border: `2px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground3,
    padding: tokens.spacingHorizontalL,
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2, color: tokens.colorBrandForeground1 },
  recent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, listStyleType: 'none', margin: 0, padding: 0 },
  recentButton: { width: '100%', justifyContent: 'flex-start', textAlign: 'left', height: 'auto', padding: tokens.spacingVerticalS },
  recentText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  path: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const NO_RECENT: never[] = [];

/** Reads a drop's paths: Electron's path for a dropped file when there is one, else the URI list / text a file manager puts on the drag. */
function dropData(e: DragEvent): Parameters<typeof pathFromDrop>[0] {
  const filePaths = [...e.dataTransfer.files].map(droppedPath);
  return { filePaths, uriList: e.dataTransfer.getData('text/uri-list'), text: e.dataTransfer.getData('text/plain') };
}

/** The first screen. */
export function HomeScreen() {
  const s = useStyles();
  const { folder, opening, problem, open, openSample, pickFolder } = useRestoreSet();
  const recent = useSettings((st) => st.settings?.recent) ?? NO_RECENT;
  const [path, setPath] = useState(folder);
  const [over, setOver] = useState(false);
  const [dropProblem, setDropProblem] = useState(false);
  const go = useNav((n) => n.go);
  const azureRunning = useAzure((st) => anyRunningCount(st.activities));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void open(path);
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const dropped = pathFromDrop(dropData(e));
    setDropProblem(!dropped);
    if (dropped) {
      setPath(dropped);
      void open(dropped);
    }
  };

  return (
    <Page title="Open a restore set" lead="A folder of files written by Azure Backup's “restore as files”: one dump per database, roles, schema, tablespaces and the backupstarttimestamp marker.">
      <div className={s.grid}>
        <div className={s.column}>
          <Section title="From this computer">
            <form className={s.row} onSubmit={submit}>
              <Field label="Folder path" className={s.grow} hint="Paste the folder's full path, e.g. /home/me/restores/server1">
                <Input value={path} onChange={(_, d) => setPath(d.value)} placeholder="/path/to/restore-set" spellCheck={false} />
              </Field>
              <Button type="submit" appearance="primary" disabled={opening}>Open</Button>
              <Button icon={<FolderOpen24Regular />} onClick={() => void pickFolder()} disabled={opening}>Choose folder…</Button>
            </form>
            <div
              className={mergeClasses(s.drop, over && s.dropActive)}
              role="region"
              aria-label="Drop a folder here"
              onDragOver={(e) => { e.preventDefault(); setOver(true); }}
              onDragLeave={() => setOver(false)}
              onDrop={onDrop}
            >
              <Folder20Regular aria-hidden />
              <Text>{over ? 'Release to open this folder' : 'Or drop a folder here'}</Text>
            </div>
            {opening && <Spinner size="tiny" label="Reading the folder and every archive's header…" />}
            <ProblemBar problem={problem} />
            {dropProblem && <ProblemBar intent="warning" problem={{ code: 'bad-argument', message: 'That drop did not carry a folder path.', hint: 'Drop the folder itself from your file manager, or paste its path above.' }} />}
          </Section>
          <Section title="Try it">
            <div className={s.row}>
              <Button icon={<Beaker24Regular />} onClick={() => void openSample()} disabled={opening}>Open sample set</Button>
              <Text className={s.muted}>A small restore set shipped with the app: three databases (one named “Café Analytics”), the Azure-managed ones, roles, schema, tablespaces and a marker.</Text>
            </div>
          </Section>
          <Section title="From Azure">
            <div className={s.row}>
              <Button icon={<Cloud24Regular />} onClick={() => go('azure-sign-in')}>Restore from Azure</Button>
              <Text className={s.muted}>Sign in, pick a Backup vault, a server and a recovery point, restore it as files and download them — then replay here.</Text>
            </div>
            {azureRunning > 0 && <Text>{azureRunning} Azure restore job{azureRunning === 1 ? '' : 's'} or download{azureRunning === 1 ? '' : 's'} in progress: see Job and Files.</Text>}
          </Section>
        </div>
        <Section title="Recent restore sets" label="Recent restore sets">
          {recent.length === 0 ? (
            <Text className={s.muted}>Sets you open appear here.</Text>
          ) : (
            <ul className={s.recent}>
              {recent.map((r) => (
                <li key={r.folder}>
                  <Button appearance="subtle" className={s.recentButton} icon={<History20Regular />} onClick={() => { setPath(r.folder); void open(r.folder); }} aria-label={`Open recent set ${r.folder}`}>
                    <span className={s.recentText}>
                      <span className={s.path} title={r.folder}>{r.folder}</span>
                      <Text size={200} className={s.muted}>
                        {r.takenAt ? `Backup ${formatUtc(r.takenAt)}` : 'Backup time unknown'} · {r.databases} database{r.databases === 1 ? '' : 's'}
                      </Text>
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </Page>
  );
}
