import { describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';
import { USAGE, usageOf } from '../../../electron/cli/usage';

describe('help', () => {
  it('`<command> --help`, `-h` and `help <command>` print that command\'s usage and exit 0', async () => {
    for (const args of [['replay', '--help'], ['replay', '/some/folder', '-h'], ['help', 'replay']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toBe(usageOf('replay'));
      expect(r.stdout).toMatch(/^ {2}pgflex-restore replay <folder> \[--target/);
      expect(r.stdout).toContain('[--tablespaces-file] [--single-transaction] [--no-verify] [--dry-run] [--json]');
      expect(r.stdout).not.toContain('pgflex-restore inspect');
      expect(r.stdout).toMatch(/Exit codes: 0 everything asked for was restored/);
    }
    // Every azure command, with the options they share.
    const azure = await cli('azure', 'restore', '--help');
    expect(azure.stdout).toContain('pgflex-restore azure job <job id or ARM path>');
    expect(azure.stdout).toContain('(every azure command: [--json]');
  });

  it('every command of the usage has its part; an unknown one is still refused, and `--help` after `--` is an argument', async () => {
    for (const command of ['inspect', 'replay', 'verify', 'roles', 'binaries', 'sandbox', 'demo', 'download', 'azure']) {
      expect(usageOf(command), command).not.toBeNull();
      expect(USAGE).toContain(usageOf(command)!.split('\n\n')[0]);
    }
    expect(usageOf('nosuch')).toBeNull();
    expect((await cli('nosuch', '--help')).code).toBe(2);
    const positional = await cli('inspect', '--', '--help');
    expect(positional.code).toBe(2);
    expect(positional.stderr).toMatch(/--help does not exist/);
  });
});
