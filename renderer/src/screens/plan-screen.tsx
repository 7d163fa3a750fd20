/** Plan: which databases, under which names, with how many jobs and which owner/privilege options; the exact commands. */
import {
  Badge, Button, Checkbox, Field, Input, makeStyles, mergeClasses, MessageBar, MessageBarBody, Radio, RadioGroup, Select, SpinButton, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { Play20Regular, Save20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ExistingPolicy, OwnerPolicy } from '../../../electron/contract';
import { LONG_NAME_FIX, tooLongNames, UNDROPPABLE_FIX } from '../../../electron/shared/existing-databases';
import { MAX_JOBS, OWNER_POLICIES } from '../../../electron/shared/replay-options';
import { CopyButton } from '../components/copy-button';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { commandsText, PlanCommands } from '../components/plan-commands';
import { ReplaceConfirm } from '../components/replace-confirm';
import { formatBytes, formatDuration } from '../lib/format';
import type { Problem } from '../lib/problem';
import { alreadyReplayed, conflicts, replaced, undroppables, usePlan } from '../stores/plan-store';
import { useRestoreSet } from '../stores/restore-set-store';
import { replayActive } from '../stores/replay-reducer';
import { useReplay } from '../stores/replay-store';
import { useTarget } from '../stores/target-store';

const useStyles = makeStyles({
  options: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  // Reasons quote file names, which have no spaces to break at.
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  wrap: { overflowWrap: 'anywhere' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  nameInput: { minWidth: '200px', width: '100%' },
});

const OWNER_HELP: Record<OwnerPolicy, string> = {
  auto: 'Keep owners when this user can become them; otherwise everything is owned by the connecting user (decided per database).',
  keep: 'Restore every object with its original owner (needs a superuser or membership in each owner role).',
  'no-owner': 'Everything is owned by the connecting user. Right for Flexible Server when owner roles are missing.',
};

/** The Plan screen. */
export function PlanScreen() {
  const s = useStyles();
  const { view, choices, plan, planning, problem, choose, toggle, rename, request, refresh } = usePlan();
  const { start, starting, problem: startProblem, saveScript, saved } = useReplay();
  const running = useReplay((st) => st.runId !== null && replayActive(st));
  const target = useTarget((st) => st.target);
  const replays = useRestoreSet((st) => st.replays);
  const [confirming, setConfirming] = useState<string[]>([]);
  const [jobsText, setJobsText] = useState<string | null>(null);
  const [reopenProblem, setReopenProblem] = useState<Problem | null>(null);
  if (!view || !choices) return null;

  const planned = new Map(plan?.databases.map((d) => [d.name, d]) ?? []);
  const restoring = plan?.databases.filter((d) => d.action === 'restore') ?? [];
  const clashes = conflicts(plan, choices.existing);
  const undroppable = undroppables(plan, choices.existing);
  const tooLong = tooLongNames(plan?.databases ?? []);
  const shared = plan?.clashes ?? [];
  const jobsShown = jobsText ?? String(choices.jobs);
  const jobsValid = /^\d+$/.test(jobsShown.trim()) && Number(jobsShown) >= 1 && Number(jobsShown) <= MAX_JOBS;
  const server = plan ? `${plan.target.user}@${plan.target.host}:${plan.target.port}` : '';
  const go = (): void => {
    const r = request();
    if (r) void start(r);
  };
  // The plan is asked for again right before the start: the target may have changed since.
  const onStart = async (): Promise<void> => {
    await refresh();
    const fresh = usePlan.getState();
    if (!fresh.plan || fresh.plan.clashes.length || conflicts(fresh.plan, choices.existing).length || undroppables(fresh.plan, choices.existing).length || tooLongNames(fresh.plan.databases).length) return;
    const dropping = replaced(fresh.plan, choices.existing);
    if (dropping.length) setConfirming(dropping);
    else go();
  };
  // The folder changed on disk since it was read: read it again (the Restore set screen then shows
  // what it holds now); when it cannot be read any more (moved, deleted), why is said here.
  const shownProblem = reopenProblem ?? startProblem ?? problem;
  const reopen = async (): Promise<void> => {
    setReopenProblem(null);
    if (await useRestoreSet.getState().open(view.folder)) useReplay.setState({ problem: null });
    else setReopenProblem(useRestoreSet.getState().problem);
  };
  const before = target && view?.downloaded ? alreadyReplayed(replays, target) : null;
  const earlier = before ? [...before.databases, ...(before.roles ? ['the roles'] : [])] : [];
  const blockedBy = running ? 'A replay is running: wait for it to end, or cancel it on the Replay screen, before starting another.' : null;

  return (
    <Page
      title="Plan"
      lead="Choose what to replay. The plan below is the engine's own: the commands shown are the ones it runs, step by step."
      actions={
        <>
          <Button icon={<Save20Regular />} onClick={() => { const r = request(); if (r) void saveScript(r); }} disabled={planning || !plan || restoring.length === 0 || shared.length > 0 || undroppable.length > 0 || tooLong.length > 0}>
            Save as script
          </Button>
          <Button appearance="primary" icon={<Play20Regular />} onClick={() => void onStart()}
            disabled={planning || starting || running || !plan || restoring.length === 0 || clashes.length > 0 || undroppable.length > 0 || tooLong.length > 0 || shared.length > 0 || !jobsValid}>
            Start replay
          </Button>
        </>
      }
    >
      <ReplaceConfirm databases={confirming} server={server} typed={target?.kind !== 'sandbox'}
        onCancel={() => setConfirming([])} onConfirm={() => { setConfirming([]); go(); }} />
      {blockedBy && <MessageBar intent="info"><MessageBarBody>{blockedBy}</MessageBarBody></MessageBar>}
      {earlier.length > 0 && (
        <MessageBar intent="info" aria-label="Already replayed">
          <MessageBarBody>Already replayed from this folder into this server in this session: {earlier.join(', ')} — left unticked. Ticked again, the rules for existing databases below apply.</MessageBarBody>
        </MessageBar>
      )}
      {saved && <MessageBar intent="success"><MessageBarBody>Script saved to {saved.path}{saved.rolesPath ? `, with the Flexible-safe roles file ${saved.rolesPath}` : ''}.</MessageBarBody></MessageBar>}
      <ProblemBar problem={shownProblem} action={(reopenProblem || shownProblem?.code === 'set-changed') && <Button onClick={() => void reopen()}>Open the folder again</Button>} />
      {shared.length > 0 && (
        <ProblemBar problem={{
          code: 'bad-argument',
          message: `Two databases would be restored into one: ${shared.map((c) => `${c.sources.map((n) => `“${n}”`).join(' and ')} → “${c.targetName}”`).join('; ')}.`,
          hint: 'Give each database its own name under “Name on the target”, or untick one of them.',
        }} />
      )}
      {clashes.length > 0 && (
        <ProblemBar problem={{
          code: 'database-exists',
          message: `${clashes.map((n) => `"${n}"`).join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'} on the target.`,
          hint: 'Type a new name under “Name on the target”, or choose to skip or replace existing databases below.',
        }} />
      )}
      {undroppable.length > 0 && (
        <ProblemBar problem={{ code: 'bad-argument', message: `${undroppable.map((d) => d.why).join('; ')}: the replay cannot replace ${undroppable.length === 1 ? 'it' : 'them'}.`, hint: UNDROPPABLE_FIX }} />
      )}
      {tooLong.length > 0 && <ProblemBar problem={{ code: 'bad-argument', message: `${tooLong.map((d) => d.why).join('; ')}.`, hint: LONG_NAME_FIX }} />}
      <Section title="Databases">
        <Table size="small" aria-label="Databases to replay">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '72px' }}>Replay</TableHeaderCell>
              <TableHeaderCell style={{ width: '22%' }}>Database</TableHeaderCell>
              <TableHeaderCell style={{ width: '96px' }} className={s.num}>Data</TableHeaderCell>
              <TableHeaderCell style={{ width: '26%' }}>Name on the target</TableHeaderCell>
              <TableHeaderCell>Plan</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.databases.map((db) => {
              const p = planned.get(db.name);
              return (
                <TableRow key={db.file}>
                  <TableCell>
                    <Checkbox checked={Boolean(choices.selected[db.name])} onChange={(_, d) => toggle(db.name, d.checked === true)} aria-label={`Replay ${db.name}`} />
                  </TableCell>
                  <TableCell>
                    <Text weight="semibold">{db.name}</Text>
                    {db.system && <> <Badge appearance="outline" color="informative">system</Badge></>}
                    {db.problem && <Text size={200} block className={mergeClasses(s.muted, s.wrap)}>Cannot replay: {db.problem.message}</Text>}
                  </TableCell>
                  <TableCell className={s.num}>{formatBytes(db.archive?.dataBytes ?? db.size)}</TableCell>
                  <TableCell>
                    <Input className={s.nameInput} value={choices.targetNames[db.name] ?? ''} disabled={!choices.selected[db.name]} onChange={(_, d) => rename(db.name, d.value)} aria-label={`Target name for ${db.name}`} spellCheck={false} />
                  </TableCell>
                  <TableCell>
                    {p ? (
                      <>
                        <Badge appearance="tint" color={p.action === 'restore' ? 'brand' : p.blocked ? 'danger' : 'informative'}>{p.action === 'restore' ? 'restore' : p.blocked ? 'cannot restore' : 'skip'}</Badge>{' '}
                        {p.exists && <Badge appearance="tint" color="warning">exists on target</Badge>}{' '}
                        {p.action === 'restore' && p.noOwner && <Badge appearance="tint" color="informative">owned by {plan?.target.user}</Badge>}
                        {p.schedule && <Text size={200} block aria-label={`Schedule for ${db.name}`}>#{p.schedule.order}, {p.schedule.why}</Text>}
                        {p.reasons.length > 0 && <ul className={s.reasons}>{p.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
                      </>
                    ) : (
                      <Text className={s.muted}>{!choices.selected[db.name] ? 'not selected' : planning ? '…' : 'no plan yet'}</Text>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Section>
      <Section title="Options">
        <div className={s.options}>
          <div className={s.column}>
            <Field label="Job budget" hint="pg_restore workers shared by all databases running at once."
              validationState={jobsValid ? 'none' : 'error'} validationMessage={jobsValid ? undefined : `Type a whole number from 1 to ${MAX_JOBS}.`}>
              <SpinButton value={jobsValid ? Number(jobsShown) : null} displayValue={jobsShown} min={1} max={MAX_JOBS} onChange={(_, d) => {
                const text = d.value != null ? String(d.value) : (d.displayValue ?? '');
                setJobsText(text);
                if (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= MAX_JOBS) choose({ jobs: Number(text) });
              }} />
            </Field>
            <Field label="If a database already exists on the target">
              <Select value={choices.existing} onChange={(_, d) => choose({ existing: d.value as ExistingPolicy })}>
                <option value="fail">Stop and tell me (safest)</option>
                <option value="skip">Skip that database</option>
                <option value="replace">Drop and replace it</option>
              </Select>
            </Field>
          </div>
          <div className={s.column}>
            <Field label="Object owners">
              <RadioGroup value={choices.owner} onChange={(_, d) => choose({ owner: d.value as OwnerPolicy })}>
                {OWNER_POLICIES.map((o) => <Radio key={o} value={o} label={{ children: <><b>{o}</b> — {OWNER_HELP[o]}</> }} />)}
              </RadioGroup>
            </Field>
          </div>
          <div className={s.column}>
            <Checkbox checked={choices.noPrivileges} onChange={(_, d) => choose({ noPrivileges: d.checked === true })} label="Skip privileges (GRANT/REVOKE)" />
            <Checkbox checked={choices.singleTransaction} onChange={(_, d) => choose({ singleTransaction: d.checked === true })} label="All or nothing per database (one transaction, so one job each)" />
            <Checkbox checked={choices.roles} disabled={!view.roles} onChange={(_, d) => choose({ roles: d.checked === true })} label="Replay roles first (made Flexible-safe)" />
            <Checkbox checked={choices.schemaFile} disabled={!view.schema} onChange={(_, d) => choose({ schemaFile: d.checked === true })} label="Run the schema file (off: the dumps already hold it)" />
            <Checkbox checked={choices.tablespacesFile} disabled={!view.tablespaces} onChange={(_, d) => choose({ tablespacesFile: d.checked === true })} label="Run the tablespaces file (off: Flexible Server has none)" />
          </div>
        </div>
      </Section>
      {plan && plan.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline"><MessageBarBody><ul className={s.reasons}>{plan.warnings.map((w) => <li key={w}>{w}</li>)}</ul></MessageBarBody></MessageBar>
      )}
      <Section title="Commands that will run" label="Commands" actions={plan && plan.commands.length > 0 && <CopyButton text={commandsText(plan)} label="Copy all commands">Copy all</CopyButton>}>
        {planning && <Spinner size="tiny" label="Updating the plan…" />}
        {plan && plan.estimatedMs != null && (
          <Text size={200} className={s.muted}>About {formatDuration(plan.estimatedMs)} for the databases, {plan.jobs} {plan.jobs === 1 ? 'worker' : 'workers'} in total.</Text>
        )}
        {plan && <PlanCommands plan={plan} />}
      </Section>
    </Page>
  );
}
