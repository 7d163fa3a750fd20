/** `pgflex-restore`: the command line over the same engine the desktop app uses. */
import { UserError } from '../core/errors';
import { sweepPrivateDirs } from '../core/target/private-dir';
import { AZURE_USAGE } from './commands/azure-usage';
import { EXIT, exitCodeFor } from './exit-codes';
import { stdio, type Out } from './print';

export const USAGE = `pgflex-restore — replay Azure Database for PostgreSQL Flexible Server backup files

  pgflex-restore inspect <folder> [--json]
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
  pgflex-restore download --container-url <url> --to <folder> [--account-key-from-arm] [--json]
${AZURE_USAGE}

Without --target the replay goes into the local sandbox PostgreSQL. The password comes from the
URI or PGPASSWORD and is never put on a command line.
Exit codes: 0 everything asked for was restored, 1 incomplete, 2 bad input, 3 target refused,
4 signed out of Azure or token refused, 5 Azure refused the operation, 130 cancelled.`;

/** Runs one command; returns the process exit code. Never throws for user errors. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  // Passfiles a killed run left behind (kill -9, a crash) go before anything else happens.
  await sweepPrivateDirs().catch(() => []);
  try {
    // Each command is imported when it runs, so `--help` (and a typo) loads no engine code.
    switch (command) {
      case 'inspect':
        return await (await import('./commands/inspect')).inspectCommand(rest, out);
      case 'replay':
        return await (await import('./commands/replay')).replayCommand(rest, out);
      case 'binaries':
        return await (await import('./commands/binaries')).binariesCommand(rest, out);
      case 'demo':
        return await (await import('./commands/demo')).demoCommand(rest, out);
      case 'roles':
        return await (await import('./commands/roles')).rolesCommand(rest, out);
      case 'sandbox':
        return await (await import('./commands/sandbox')).sandboxCommand(rest, out);
      case 'download':
        return await (await import('./commands/download')).downloadCommand(rest, out);
      case 'azure':
        return await (await import('./commands/azure')).azureCommand(rest, out);
      case 'verify':
        return await (await import('./commands/verify')).verifyCommand(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.line(USAGE);
        return command ? EXIT.ok : EXIT.input;
      default:
        throw new UserError('bad-argument', `Unknown command "${command}".`, 'Run `pgflex-restore help`.');
    }
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    if (json) out.json({ type: 'error', error: err.toJSON() });
    else out.error(`error: ${err.message}\n  → ${err.hint}`);
    return exitCodeFor(err.code);
  }
}
