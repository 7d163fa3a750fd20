/** Plan: which databases, under which names, with how many jobs and which owner/privilege options; the exact commands. */
import {
  Badge, Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Select, SpinButton, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { Play20Regular } from '@fluentui/react-icons';
import type { ExistingPolicy, OwnerPolicy } from '../../../electron/contract';
import { MAX_JOBS, OWNER_POLICIES } from '../../../electron/shared/replay-options';
import { CopyButton } from '../components/copy-button';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { formatBytes, formatDuration, shellLine } from '../lib/format';
import { conflicts, usePlan } from '../stores/plan-store';
import { useReplay } from '../stores/replay-store';
import { useRestoreSet } from '../stores/restore-set-store';

const useStyles = makeStyles({
  options: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  command: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0,
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, flexGrow: 1,
  },
  commandRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  commands: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  nameInput: { minWidth: '200px', width: '100%' },
});

const OWNER_HELP: Record<OwnerPolicy, string> = {
  auto: 'Keep owners when this user can become them; otherwise --no-owner (decided per database).',
  keep: 'Restore every object with its original owner (needs a superuser or membership in each owner role).',
  'no-owner': 'Everything is owned by the connecting user (--no-owner). Right for Flexible Server when owner roles are missing.',
};

/** The Plan screen. */
export function PlanScreen() {
  const s = useStyles();
  const view = useRestoreSet((st) => st.view);
  const { choices, plan, planning, problem, choose, toggle, rename, request } = usePlan();
  const { start, starting, problem: startProblem } = useReplay();
  if (!view || !choices) return null;

  const planned = new Map(plan?.databases.map((d) => [d.name, d]) ?? []);
  const restoring = plan?.databases.filter((d) => d.action === 'restore') ?? [];
  const commands = plan
    ? [
        ...plan.files.filter((f) => f.action === 'run').map((f) => ({ label: `${f.kind} (${f.file ?? ''})`, line: shellLine(f.command) })),
        ...[...restoring].sort((a, b) => (a.schedule?.order ?? 0) - (b.schedule?.order ?? 0)).flatMap((d) => [
          ...(d.preDataCommand ? [{ label: `${d.name} → ${d.targetName}, pre-data`, line: shellLine(d.preDataCommand) }] : []),
          { label: `${d.name} → ${d.targetName}${d.preDataCommand ? ', data and post-data' : ''}`, line: shellLine(d.command) },
        ]),
      ]
    : [];
  const allCommands = commands.map((c) => `# ${c.label}\n${c.line}`).join('\n\n');
  const clashes = conflicts(plan, choices.existing);
  const onStart = (): void => {
    const r = request();
    if (r) void start(r);
  };

  return (
    <Page
      title="Plan"
      lead="Choose what to replay. The plan below is the engine's own: the commands shown are exactly the ones that will run."
      actions={
        <Button appearance="primary" icon={<Play20Regular />} onClick={onStart} disabled={planning || starting || !plan || restoring.length === 0 || clashes.length > 0}>
          Start replay
        </Button>
      }
    >
      <ProblemBar problem={startProblem ?? problem} />
      {clashes.length > 0 && (
        <ProblemBar problem={{
          code: 'database-exists',
          message: `${clashes.map((n) => `"${n}"`).join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'} on the target.`,
          hint: 'Type a new name under “Name on the target”, or choose to skip or replace existing databases below.',
        }} />
      )}
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
                    <Checkbox checked={Boolean(choices.selected[db.name])} disabled={Boolean(db.problem)} onChange={(_, d) => toggle(db.name, d.checked === true)} aria-label={`Replay ${db.name}`} />
                  </TableCell>
                  <TableCell>
                    <Text weight="semibold">{db.name}</Text>
                    {db.system && <> <Badge appearance="outline" color="informative">system</Badge></>}
                    {db.problem && <Text size={200} block className={s.muted}>Cannot replay: {db.problem.message}</Text>}
                  </TableCell>
                  <TableCell className={s.num}>{formatBytes(db.archive?.dataBytes ?? db.size)}</TableCell>
                  <TableCell>
                    <Input className={s.nameInput} value={choices.targetNames[db.name] ?? ''} disabled={!choices.selected[db.name]} onChange={(_, d) => rename(db.name, d.value)} aria-label={`Target name for ${db.name}`} spellCheck={false} />
                  </TableCell>
                  <TableCell>
                    {p ? (
                      <>
                        <Badge appearance="tint" color={p.action === 'restore' ? 'brand' : 'informative'}>{p.action === 'restore' ? 'restore' : 'skip'}</Badge>{' '}
                        {p.exists && <Badge appearance="tint" color="warning">exists on target</Badge>}{' '}
                        {p.noOwner && <Badge appearance="tint" color="informative">--no-owner</Badge>}
                        {p.schedule && <Text size={200} block aria-label={`Schedule for ${db.name}`}>#{p.schedule.order}, {p.schedule.why}</Text>}
                        {p.reasons.length > 0 && <ul className={s.reasons}>{p.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
                      </>
                    ) : (
                      <Text className={s.muted}>{choices.selected[db.name] ? '…' : 'not selected'}</Text>
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
            <Field label="Job budget" hint="pg_restore workers shared by all databases running at once.">
              <SpinButton value={choices.jobs} min={1} max={MAX_JOBS} onChange={(_, d) => {
                const next = d.value ?? Number.parseInt(d.displayValue ?? '', 10);
                if (Number.isInteger(next) && next >= 1) choose({ jobs: next as number });
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
            <Checkbox checked={choices.noPrivileges} onChange={(_, d) => choose({ noPrivileges: d.checked === true })} label="Skip privileges (GRANT/REVOKE, --no-privileges)" />
            <Checkbox checked={choices.singleTransaction} onChange={(_, d) => choose({ singleTransaction: d.checked === true })} label="All or nothing per database (--single-transaction, one job each)" />
            <Checkbox checked={choices.roles} disabled={!view.roles} onChange={(_, d) => choose({ roles: d.checked === true })} label="Replay roles first (made Flexible-safe)" />
            <Checkbox checked={choices.schemaFile} disabled={!view.schema} onChange={(_, d) => choose({ schemaFile: d.checked === true })} label="Run the schema file (off: the dumps already hold it)" />
            <Checkbox checked={choices.tablespacesFile} disabled={!view.tablespaces} onChange={(_, d) => choose({ tablespacesFile: d.checked === true })} label="Run the tablespaces file (off: Flexible Server has none)" />
          </div>
        </div>
      </Section>
      {plan && plan.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline"><MessageBarBody><ul className={s.reasons}>{plan.warnings.map((w) => <li key={w}>{w}</li>)}</ul></MessageBarBody></MessageBar>
      )}
      <Section title="Commands that will run" label="Commands" actions={commands.length > 0 && <CopyButton text={allCommands} label="Copy all commands">Copy all</CopyButton>}>
        {planning && <Spinner size="tiny" label="Updating the plan…" />}
        {plan && (
          <>
            <Text size={200} className={s.muted}>
              Target {plan.target.user}@{plan.target.host}:{plan.target.port} (sslmode {plan.target.sslmode}), {plan.jobs} job{plan.jobs === 1 ? '' : 's'} in total{plan.estimatedMs != null ? `, about ${formatDuration(plan.estimatedMs)} for the databases` : ''}. The password reaches each tool through its environment, never the command line.
            </Text>
            <div className={s.commands}>
              {plan.files.filter((f) => f.action === 'skip').map((f) => (
                <Text key={f.kind} size={200} className={s.muted}>{f.kind}: skipped — {f.reasons.join(' ')}</Text>
              ))}
              {commands.map((c) => (
                <div key={c.label} className={s.commandRow}>
                  <pre className={s.command} aria-label={`Command for ${c.label}`}><span className={s.muted}># {c.label}{'\n'}</span>{c.line}</pre>
                  <CopyButton text={c.line} label={`Copy the command for ${c.label}`} />
                </div>
              ))}
            </div>
          </>
        )}
      </Section>
    </Page>
  );
}
