/** Settings: the client tools folder (chosen with the folder dialog) and what was found, the Azure cloud and endpoint, the default job budget, the theme. */
import {
  Badge, Button, Field, makeStyles, Radio, RadioGroup, SpinButton, Spinner, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { ClientTool, Settings } from '../../../electron/contract';
import { MAX_JOBS } from '../../../electron/shared/replay-options';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { useSettings } from '../stores/settings-store';
import { CloudSettings } from './azure/cloud-settings';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  muted: { color: tokens.colorNeutralForeground3 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
});

const SOURCE: Record<ClientTool['source'], string> = {
  setting: 'this folder', bundled: 'shipped with the app', path: 'PATH', standard: 'standard location',
};

/** The archive formats a pg_restore reads, in words. */
function reads(tool: ClientTool): string {
  if (tool.name !== 'pg_restore') return 'runs the roles file';
  return tool.maxArchiveVersion ? `archives up to ${tool.maxArchiveVersion}` : 'unknown';
}

/** The Settings screen. */
export function SettingsScreen() {
  const s = useStyles();
  const { settings, problem, tools, loadTools, chooseToolsFolder, clearToolsFolder, update } = useSettings();
  const [jobs, setJobs] = useState<string>('');
  useEffect(() => {
    void loadTools();
  }, [loadTools]);
  useEffect(() => {
    if (settings) setJobs(String(settings.defaultJobs));
  }, [settings]);
  if (!settings) return <Page title="Settings"><Spinner size="tiny" label="Reading the settings…" /></Page>;

  const jobsValue = Number(jobs);
  const jobsValid = Number.isInteger(jobsValue) && jobsValue >= 1 && jobsValue <= MAX_JOBS;
  const inFolder = tools.status === 'ready' ? tools.value.filter((t) => t.source === 'setting') : [];

  return (
    <Page title="Settings" lead="Kept by the app on this computer; they apply to every restore set.">
      <ProblemBar problem={problem} />
      <Section title="Client tools" label="Client tools">
        <Text>
          The folder searched first for pg_restore and psql (before the tools shipped with the app, PATH and the standard install
          locations). Choose it with the folder dialog.
        </Text>
        <div className={s.row}>
          <Text weight="semibold">Folder:</Text>
          {settings.clientToolsPath ? <Text className={s.path}>{settings.clientToolsPath}</Text> : <Text className={s.muted}>none chosen</Text>}
          <Button icon={<FolderOpen20Regular />} onClick={() => void chooseToolsFolder()}>Choose folder…</Button>
          {settings.clientToolsPath && <Button onClick={() => void clearToolsFolder()}>Stop using it</Button>}
        </div>
        {settings.clientToolsPath && tools.status === 'ready' && inFolder.length === 0 && (
          <ProblemBar intent="warning" problem={{ code: 'no-client', message: 'No pg_restore or psql was found in that folder.', hint: 'Choose the bin folder of a PostgreSQL client installation (it holds pg_restore and psql).' }} />
        )}
        {tools.status === 'loading' && <Spinner size="tiny" label="Looking for client tools…" />}
        {tools.status === 'error' && <ProblemBar problem={tools.problem} />}
        {tools.status === 'ready' && (
          <Table size="small" aria-label="Client tools found">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '110px' }}>Tool</TableHeaderCell>
                <TableHeaderCell style={{ width: '90px' }}>Version</TableHeaderCell>
                <TableHeaderCell style={{ width: '190px' }}>Reads</TableHeaderCell>
                <TableHeaderCell style={{ width: '170px' }}>Found in</TableHeaderCell>
                <TableHeaderCell>Path</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tools.value.length === 0 && (
                <TableRow><TableCell colSpan={5}><Text className={s.muted}>No client tools found: install the PostgreSQL client tools or choose their folder.</Text></TableCell></TableRow>
              )}
              {tools.value.map((t) => (
                <TableRow key={t.path}>
                  <TableCell>{t.name}</TableCell>
                  <TableCell>{t.version}</TableCell>
                  <TableCell>{reads(t)}</TableCell>
                  <TableCell>{t.source === 'setting' ? <Badge appearance="tint" color="brand">{SOURCE[t.source]}</Badge> : SOURCE[t.source]}</TableCell>
                  <TableCell><Text className={s.path}>{t.path}</Text></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Section title="Azure" label="Azure">
        <CloudSettings settings={settings} />
      </Section>
      <div className={s.grid}>
        <Section title="Default job budget" label="Default job budget">
          <Field
            label="Workers shared by all databases"
            hint="The Plan screen starts from this number; it can be changed there for one replay."
            validationState={jobsValid ? 'none' : 'error'}
            validationMessage={jobsValid ? undefined : `Type a whole number from 1 to ${MAX_JOBS}.`}
          >
            <SpinButton
              value={jobsValid ? jobsValue : null}
              displayValue={jobs}
              min={1}
              max={MAX_JOBS}
              onChange={(_, d) => {
                const next = d.value ?? Number(d.displayValue);
                setJobs(d.value != null ? String(d.value) : d.displayValue ?? '');
                if (Number.isInteger(next) && next >= 1 && next <= MAX_JOBS) void update({ defaultJobs: next });
              }}
            />
          </Field>
        </Section>
        <Section title="Theme" label="Theme">
          <RadioGroup value={settings.theme} onChange={(_, d) => void update({ theme: d.value as Settings['theme'] })} aria-label="Theme">
            <Radio value="system" label="Follow the system" />
            <Radio value="light" label="Light" />
            <Radio value="dark" label="Dark" />
          </RadioGroup>
        </Section>
      </div>
    </Page>
  );
}
