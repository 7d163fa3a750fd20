/** `pgflex-restore replay <folder> [--target <uri> | --sandbox] …`: the whole offline replay. */
import { findClientTools } from '../../core/binaries/find';
import { UserError } from '../../core/errors';
import { inspectFolder } from '../../core/inspect';
import { startReplay } from '../../core/replay/engine';
import { defaultOptions, planReplay } from '../../core/replay/plan-replay';
import type { ReplayEvent, ReplayOptions, ReplaySummary } from '../../core/replay/types';
import { startSandbox } from '../../core/sandbox/sandbox';
import { parseTargetUri } from '../../core/target/target-uri';
import type { TargetConnection } from '../../core/target/types';
import { EXISTING_POLICIES, OWNER_POLICIES } from '../../shared/replay-options';
import { enumOption, intOption, listOption, parse, renameOption } from '../args';
import { EXIT, exitCodeFor } from '../exit-codes';
import { formatDuration, type Out } from '../print';
import { onInterrupt } from '../interrupt';
import { humanProgress } from '../progress-view';
import { databaseJson, printVerify } from './verify';

export const REPLAY_OPTIONS = {
  target: { type: 'string' }, sandbox: { type: 'boolean' }, 'sandbox-dir': { type: 'string' },
  jobs: { type: 'string' }, databases: { type: 'string', multiple: true }, existing: { type: 'string' },
  rename: { type: 'string', multiple: true }, 'include-system': { type: 'boolean' }, owner: { type: 'string' },
  'no-privileges': { type: 'boolean' }, 'no-roles': { type: 'boolean' }, 'schema-file': { type: 'boolean' },
  'tablespaces-file': { type: 'boolean' }, 'single-transaction': { type: 'boolean' }, json: { type: 'boolean' },
  'client-tools': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'no-verify': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse>['values'];

/** Turns parsed flags into replay options. */
export function replayOptions(v: Values): ReplayOptions {
  const d = defaultOptions();
  return {
    ...d,
    jobs: intOption(v.jobs as string | undefined, 'jobs', d.jobs),
    databases: listOption(v.databases as string[] | undefined),
    existing: enumOption(v.existing as string | undefined, 'existing', EXISTING_POLICIES, d.existing),
    rename: renameOption(v.rename as string[] | undefined),
    includeSystem: Boolean(v['include-system']),
    owner: enumOption(v.owner as string | undefined, 'owner', OWNER_POLICIES, d.owner),
    noPrivileges: Boolean(v['no-privileges']),
    roles: !v['no-roles'],
    schemaFile: Boolean(v['schema-file']),
    tablespacesFile: Boolean(v['tablespaces-file']),
    singleTransaction: Boolean(v['single-transaction']),
    verify: !v['no-verify'],
  };
}

/** `--json` output: one event per line, logs left out, the summary flattened to `{type, ok, databases, roles…}`. */
function jsonLines(out: Out): (e: ReplayEvent) => void {
  return (e) => {
    if (e.type === 'summary') out.json({ type: 'summary', ...e.summary, databases: e.summary.databases.map(databaseJson) });
    else if (e.type === 'database-end') out.json({ ...e, result: databaseJson(e.result) });
    // A failure is printed once, as the command's error line.
    else if (e.type !== 'log' && e.type !== 'failed') out.json(e);
  };
}

/** Runs a replay of `folder` into `target` and prints it; returns the exit code. */
export async function runReplay(folder: string, target: TargetConnection, options: ReplayOptions, v: Values, out: Out): Promise<number> {
  // The client tools' version probes run while the folder is read. A replay checks each archive's
  // data just before its database starts (the biggest first), so the first pg_restore need not
  // wait for every archive's check; a dry run shows the plan with every check done.
  const found = findClientTools({ settingPath: v['client-tools'] as string | undefined });
  const inspection = await inspectFolder(folder, found, { dataCheck: v['dry-run'] ? 'now' : 'later' });
  const tools = await found;
  if (inspection.set.databases.length === 0 && !inspection.set.roles) {
    throw new UserError('folder-empty', `No database dumps or roles file in ${folder}.`, 'Point to the folder holding the files Azure Backup restored (<guid>_database_<name>.sql, <guid>_roles.sql, backupstarttimestamp).');
  }
  const onEvent = v.json ? jsonLines(out) : humanProgress(out);
  if (v['dry-run']) {
    onEvent({ type: 'plan', plan: await planReplay({ inspection, target, options, tools }) });
    return EXIT.ok;
  }
  const run = startReplay({ inspection, target, options, tools }, onEvent);
  await run.plan;
  // Ctrl+C, a closed terminal, a service stop or a reader that went away all cancel cleanly, so the sandbox is stopped too.
  let interrupted = false;
  const stopListening = onInterrupt(() => {
    interrupted = true;
    out.error('Cancelling: stopping every pg_restore…');
    void run.cancel();
  });
  try {
    const summary = await run.done;
    if (!v.json) printSummary(summary, out);
    if (interrupted) return EXIT.cancelled;
    return replayExitCode(summary);
  } finally {
    stopListening();
  }
}

/**
 * 0 when everything asked for was restored; 3 when the target refused a database before its
 * restore began (someone else created it meanwhile, no right to create it); else 1.
 */
export function replayExitCode(summary: ReplaySummary): number {
  if (summary.ok) return EXIT.ok;
  const refused = summary.databases.some((d) => d.status === 'failed' && d.problem && exitCodeFor(d.problem.code) === EXIT.target);
  return refused ? EXIT.target : EXIT.incomplete;
}

function printSummary(s: ReplaySummary, out: Out): void {
  out.line('');
  out.line(`${s.ok ? 'Done' : 'Not everything was restored'} in ${formatDuration(s.durationMs)}.`);
  for (const d of s.databases) {
    out.line(`  ${d.status.padEnd(9)} ${d.name}${d.targetName !== d.name ? ` → ${d.targetName}` : ''}  ${d.durationMs ? formatDuration(d.durationMs) : ''}  ${d.reason}`);
    const byCat = new Map<string, number>();
    for (const e of d.errors) byCat.set(e.category, (byCat.get(e.category) ?? 0) + 1);
    for (const [cat, n] of byCat) {
      const first = d.errors.find((e) => e.category === cat)!;
      out.line(`      ${n} × ${cat}: ${first.message} — ${first.explanation}`);
    }
    if (d.verify) printVerify(d.verify, out);
  }
}

export async function replayCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, REPLAY_OPTIONS);
  const folder = positionals[0];
  if (!folder) throw new UserError('bad-argument', 'replay needs a folder.', 'pgflex-restore replay <folder> [--target <postgresql URI> | --sandbox]');
  if (values.target && values.sandbox) {
    throw new UserError('bad-argument', 'Give either --target <postgresql URI> or --sandbox, not both.', 'Without --target the local sandbox is used.');
  }
  const options = replayOptions(values);
  if (values.target) return runReplay(folder, parseTargetUri(values.target as string, process.env), options, values, out);
  // No target given: the built-in sandbox is the default.
  const sandbox = await startSandbox({ dir: values['sandbox-dir'] as string | undefined });
  if (!values.json) out.line(`${values.sandbox ? '' : 'No --target given: using the local sandbox. '}Sandbox PostgreSQL ${sandbox.version} on 127.0.0.1:${sandbox.connection.port} (data in ${sandbox.dir})`);
  try {
    return await runReplay(folder, sandbox.connection, options, values, out);
  } finally {
    await sandbox.stop();
  }
}
