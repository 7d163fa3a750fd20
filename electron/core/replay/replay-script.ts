/**
 * The commands a plan runs, written out as a person would run them: the connection as `PG*`
 * variables (never the password), the roles file as its Flexible-safe copy, and for each
 * database the SQL that makes it before `pg_restore`. The Plan screen shows these; "Save as
 * script" writes them as a POSIX shell script beside the Flexible-safe roles file. Pure.
 */
import { basename } from 'node:path';
import { connectionVariables } from '../target/child-env';
import type { CommandStep, ReplayPlan } from './types';

/** The file name of the Flexible-safe roles copy, beside a saved script. */
export const SAFE_ROLES_FILE = 'roles.flexible-safe.sql';


/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from an argument array, quoted for a POSIX shell. */
export function shellLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/** psql running one statement against the maintenance database, stopping on its error. */
function psqlCommand(psql: string, statement: string): string {
  return shellLine([psql, '--no-psqlrc', '--quiet', '--no-password', '--set', 'ON_ERROR_STOP=1', '--command', statement]);
}

/**
 * The plan's steps in run order. `rolesPath` is how the roles copy is named in the lines
 * (already shell-quoted), `listPath` a data pass's list file: the bare file name on screen,
 * `"$here/…"` in a script.
 */
export function planCommands(plan: Omit<ReplayPlan, 'commands'>, rolesPath = SAFE_ROLES_FILE, listPath = (file: string) => file): CommandStep[] {
  const env = connectionVariables({ ...plan.target, sslmode: plan.target.sslmode as 'prefer' });
  const steps: CommandStep[] = [{
    label: 'Connection',
    note: 'Every command finds the target through these variables. The password is never on a command line: the app hands it to each tool in a private 0600 PGPASSFILE; a saved script needs PGPASSWORD or a ~/.pgpass line.',
    lines: Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
  }];
  for (const f of plan.files.filter((x) => x.action === 'run')) {
    if (f.kind === 'roles') {
      const args = f.command.slice(0, -1).map(shellQuote);
      steps.push({
        label: `roles (${basename(f.file ?? '')}, made Flexible-safe)`,
        note: `psql runs a Flexible-safe copy of the roles file (${SAFE_ROLES_FILE}), not the original: the app writes it to a private temporary folder; "Save as script" writes it beside the script.`,
        lines: [[...args, rolesPath].join(' ')],
      });
    } else {
      steps.push({ label: `${f.kind} (${basename(f.file ?? '')}, as written)`, note: null, lines: [shellLine(f.command)] });
    }
  }
  // In the scheduler's order; the pre-data pass (when split off) runs before the data and post-data one.
  const restoring = plan.databases.filter((d) => d.action === 'restore').sort((a, b) => (a.schedule?.order ?? 0) - (b.schedule?.order ?? 0));
  for (const d of restoring) {
    const psql = plan.psqlPath ?? 'psql';
    // A split database's data passes: each lists its tables' dump ids; the app runs them at once.
    const data = (d.dataCommands ?? []).flatMap((p) => [
      `printf '%s\\n' ${p.ids.join(' ')} > ${listPath(p.listFile)} &&`,
      `${p.command.map((a) => (a === p.listFile ? listPath(a) : shellQuote(a))).join(' ')} &&`,
    ]);
    const notes = [
      ...(d.prepareSql.length > 1 ? [`"${d.targetName}" is dropped first, as asked.`] : []),
      ...(data.length ? [`Its data is restored in ${d.dataCommands!.length} passes, one per group of tables (the app runs them at once, each on a worker of its own), then its indexes and constraints.`] : []),
    ];
    steps.push({
      label: `${d.name} → ${d.targetName}`,
      note: notes.length ? notes.join(' ') : null,
      lines: [...d.prepareSql.map((q) => `${psqlCommand(psql, q)} &&`), ...(d.preDataCommand ? [`${shellLine(d.preDataCommand)} &&`] : []), ...data, shellLine(d.command)],
    });
  }
  return steps;
}

/** A POSIX shell script that runs the plan's steps one after another (the app runs databases at once). */
export function replayScript(plan: ReplayPlan, writtenAt: Date = new Date()): string {
  const t = plan.target;
  const head = [
    '#!/bin/sh',
    `# PG Flex Restore — replay of ${plan.source.folder}`,
    `# Backup taken ${plan.source.takenAt ?? 'at an unknown time'}${plan.source.markerRaw ? ` (marker: ${plan.source.markerRaw.split('\n')[0]})` : ''}; script written ${writtenAt.toISOString()}.`,
    `# Into ${t.user}@${t.host}:${t.port} (sslmode ${t.sslmode}). Every command runs with --no-password:`,
    `# set PGPASSWORD, or add a ~/.pgpass line for ${t.host}:${t.port}:*:${t.user}, before running it.`,
    '# The app runs the databases at once under one worker budget; this script runs them one after another.',
    'set -u',
    'here=$(cd "$(dirname "$0")" && pwd)',
    '',
  ];
  const body = planCommands(plan, `"$here/${SAFE_ROLES_FILE}"`, (file) => `"$here/${file}"`).flatMap((s) => [
    `# ${s.label}`,
    ...(s.note ? [`# ${s.note}`] : []),
    ...s.lines,
    '',
  ]);
  return [...head, ...body].join('\n');
}
