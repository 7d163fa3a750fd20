/** What `pgflex-restore help` prints, and each command's part of it for `<command> --help`. */
import { AZURE_USAGE } from './commands/azure-usage';

const COMMANDS = `  pgflex-restore inspect <folder> [--json]
  pgflex-restore replay <folder> [--target <postgresql URI> | --sandbox] [--jobs N]
        [--databases a,b] [--existing fail|skip|replace] [--rename src=new]... [--include-system]
        [--owner auto|keep|no-owner] [--no-privileges] [--no-roles] [--schema-file]
        [--tablespaces-file] [--single-transaction] [--no-verify] [--dry-run] [--json]
  pgflex-restore verify <folder> --target <postgresql URI> [--databases a,b] [--rename src=new]...
        [--concurrency N] [--statement-timeout S] [--no-privileges] [--json]
  pgflex-restore roles <folder> [--target <postgresql URI> | --sandbox | --connect-as <admin user>] [--json]
  pgflex-restore binaries [--json]
  pgflex-restore sandbox [path|remove] [--sandbox-dir D]
  pgflex-restore demo
  pgflex-restore download --container-url <url> --to <folder> [--account-key-from-arm [--subscription <id>]] [--streams N] [--json]
${AZURE_USAGE}`;

const FOOTER = `Without --target the replay goes into the local sandbox PostgreSQL. The password comes from the
URI or PGPASSWORD and is never put on a command line.
Exit codes: 0 everything asked for was restored, 1 incomplete, 2 bad input, 3 target refused,
4 signed out of Azure or token refused, 5 Azure refused the operation, 130 cancelled.`;

export const USAGE = `pgflex-restore — replay Azure Database for PostgreSQL Flexible Server backup files

${COMMANDS}

${FOOTER}`;

/** The usage lines of `command`, with their continuation lines; null for no such command. */
export function usageLines(command: string): string | null {
  const blocks: string[][] = [];
  for (const line of COMMANDS.split('\n')) {
    if (line.startsWith('  pgflex-restore ')) blocks.push([line]);
    else blocks.at(-1)?.push(line);
  }
  const mine = blocks.filter((b) => b[0].split(' ')[3] === command);
  return mine.length ? mine.map((b) => b.join('\n')).join('\n') : null;
}

/** What `<command> --help` prints: its usage lines and the footer; null for no such command. */
export function usageOf(command: string): string | null {
  const lines = usageLines(command);
  return lines ? `${lines}\n\n${FOOTER}` : null;
}
