/** `pgflex-restore`: the command line over the same engine the desktop app uses. */
import { UserError } from '../core/errors';
import { sweepPrivateDirs } from '../core/target/private-dir';
import { EXIT, exitCodeFor } from './exit-codes';
import { stdio, type Out } from './print';
import { USAGE, usageOf } from './usage';

/** Runs one command; returns the process exit code. Never throws for user errors. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  // Passfiles a killed run left behind (kill -9, a crash) go before anything else happens.
  await sweepPrivateDirs().catch(() => []);
  try {
    // `<command> --help` (or -h, before a `--`), and `help <command>`: that command's usage.
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    const asked = command === 'help' ? rest[0] : options.includes('--help') || options.includes('-h') ? command : undefined;
    const usage = asked ? usageOf(asked) : null;
    if (usage) {
      out.line(usage);
      return EXIT.ok;
    }
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
