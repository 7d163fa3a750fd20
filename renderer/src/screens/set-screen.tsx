/** Restore set: when the backup was taken, every file and its versions, database contents, setup files and problems. */
import { Button, Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { InspectedDatabase } from '../../../electron/contract';
import { DatabaseContents } from '../components/database-contents';
import { FileTable } from '../components/file-table';
import { MarkerCard } from '../components/marker-card';
import { Page, Section } from '../components/page';
import { RolesDiff } from '../components/roles-diff';
import { TextViewer } from '../components/text-viewer';
import { formatBytes } from '../lib/format';
import { useNav } from '../stores/nav-store';
import { replayable, useRestoreSet } from '../stores/restore-set-store';

const useStyles = makeStyles({
  problems: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  setup: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}` },
});

/** Plain words for what each setup file is and whether it runs by default. */
const SETUP_NOTES = {
  roles: 'Replayed first, made safe for Flexible Server.',
  schema: 'Not run by default: every database dump already holds its schema, and Microsoft advises against running it.',
  tablespaces: 'Not run by default: Flexible Server has no custom tablespaces.',
} as const;

/** The Restore set screen. */
export function SetScreen() {
  const s = useStyles();
  const { view, replays, contents, text, roles, loadContents, viewText, closeText, loadRolesPreview } = useRestoreSet();
  const go = useNav((st) => st.go);
  const [selected, setSelected] = useState<InspectedDatabase | null>(null);
  const contentsRef = useRef<HTMLDivElement>(null);
  const rolesRef = useRef<HTMLDivElement>(null);
  // What a button opens appears below the table: bring it into view.
  // Braces, not an arrow's value: Chromium's scrollIntoView now returns a promise, and React would
  // call whatever an effect returns as its clean-up.
  useEffect(() => {
    contentsRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [selected]);
  useEffect(() => {
    rolesRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [roles !== null]);
  if (!view) return null;

  const problems = view.databases.filter((d) => d.problem);
  const total = view.files.reduce((sum, f) => sum + f.size, 0);
  const showContents = (db: InspectedDatabase): void => {
    setSelected(db);
    void loadContents(db.file);
  };
  const showRoles = (): void => void loadRolesPreview();

  return (
    <Page
      title="Restore set"
      lead={<>{view.folder} · {view.files.length} file{view.files.length === 1 ? '' : 's'} · {formatBytes(total)} · {view.databases.length} database dump{view.databases.length === 1 ? '' : 's'}</>}
      actions={<Button appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" onClick={() => go('target')} disabled={!replayable(view)}>Choose a target</Button>}
    >
      <MarkerCard marker={view.marker} />
      {view.stillDownloading.length > 0 && (
        <MessageBar intent="info" layout="multiline" aria-label="Still downloading">
          <MessageBarBody>
            <MessageBarTitle>Still downloading: {view.stillDownloading.join(', ')}</MessageBarTitle>
            This set shows the files checked so far; each ready database can replay now. Open it again from the Files screen when the download has finished.
          </MessageBarBody>
        </MessageBar>
      )}
      {replays.length > 0 && (
        <Section title="Already replayed from this folder" label="Already replayed">
          <div className={s.problems}>
            {replays.map((r) => (
              <Text key={r.runId}>
                {r.running ? 'Replaying' : 'Replayed'} into {r.target.user}@{r.target.host}:{r.target.port}:{' '}
                {[...(r.roles ? [`roles ${r.roles}`] : []), ...r.databases.map((d) => `${d.name}${d.targetName !== d.name ? ` as ${d.targetName}` : ''} ${d.status}`)].join(', ')}
              </Text>
            ))}
            <Text size={200} className={s.muted}>The Plan leaves these unticked for the same server; ticked again, the rules for existing databases apply.</Text>
          </div>
        </Section>
      )}
      {problems.length > 0 && (
        <Section title="Problems" label="Problems">
          <div className={s.problems}>
            {problems.map((d) => (
              <MessageBar key={d.file} intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{d.name}: {d.problem?.message}</MessageBarTitle>
                  What to do: {d.problem?.hint}
                </MessageBarBody>
              </MessageBar>
            ))}
          </div>
        </Section>
      )}
      <Section title="Files">
        <FileTable view={view} selected={selected?.file ?? null} onContents={showContents} onView={(f) => void viewText(f)} onRoles={showRoles} />
        {view.unknown.length > 0 && (
          <Text size={200} className={s.muted}>
            Not written by Azure Backup, so left alone: {view.unknown.map((f) => f.file).join(', ')}. A dump must be named …_database_&lt;name&gt;.sql to be replayed.
          </Text>
        )}
      </Section>
      {selected && (
        <div ref={contentsRef}>
          <Section title={`Contents of ${selected.name}`} label={`Contents of ${selected.name}`} actions={<Button size="small" onClick={() => setSelected(null)}>Close</Button>}>
            <DatabaseContents data={contents[selected.file]} />
          </Section>
        </div>
      )}
      <Section title="Setup files">
        <div className={s.setup}>
          {(['roles', 'schema', 'tablespaces'] as const).map((kind) => (
            <div key={kind} style={{ display: 'contents' }}>
              <Text weight="semibold">{kind[0].toUpperCase() + kind.slice(1)}</Text>
              <Text>
                {view[kind] ? <>{view[kind]?.file} — {SETUP_NOTES[kind]}{kind === 'roles' && <> <Link as="button" onClick={showRoles}>See what changes</Link></>}</> : <span className={s.muted}>not in this set</span>}
              </Text>
            </div>
          ))}
        </div>
      </Section>
      {roles && (
        <div ref={rolesRef}>
          <Section title="Roles, made safe for Flexible Server" label="Roles diff">
            <RolesDiff data={roles} />
          </Section>
        </div>
      )}
      <TextViewer file={text?.file ?? ''} data={text?.data ?? null} onClose={closeText} />
    </Page>
  );
}
