import { describe, expect, it } from 'vitest';
import { dbnameConninfo, optionConflicts, restoreArgs } from '../../../electron/core/replay/restore-command';

describe('restore command', () => {
  it('names the database in a quoted conninfo and never carries a connection secret', () => {
    const args = restoreArgs({ file: '/x/a.sql', targetName: "O'Brien \\ Café", jobs: 3, noOwner: true, noPrivileges: false, singleTransaction: false });
    expect(args).toEqual(['--verbose', '--no-password', '--jobs', '3', '--no-owner', '--dbname', "dbname='O\\'Brien \\\\ Café'", '/x/a.sql']);
    expect(args.join(' ')).not.toMatch(/password=|host=|PGPASSWORD/);
  });

  it('forces one job with a single transaction', () => {
    const args = restoreArgs({ file: 'f', targetName: 'd', jobs: 4, noOwner: false, noPrivileges: true, singleTransaction: true });
    expect(args.slice(2, 4)).toEqual(['--jobs', '1']);
    expect(optionConflicts(args)).toEqual([]);
  });

  it('a split restore: a serial pre-data pass, then data and post-data with the workers', () => {
    const base = { file: 'f', targetName: 'd', jobs: 3, noOwner: false, noPrivileges: false, singleTransaction: false };
    expect(restoreArgs({ ...base, sections: ['pre-data'] })).toEqual(['--verbose', '--no-password', '--jobs', '1', '--section=pre-data', '--dbname', "dbname='d'", 'f']);
    expect(restoreArgs({ ...base, sections: ['data', 'post-data'] })).toEqual(['--verbose', '--no-password', '--jobs', '3', '--section=data', '--section=post-data', '--dbname', "dbname='d'", 'f']);
  });

  it('rejects what pg_restore would refuse', () => {
    expect(optionConflicts(['--jobs', '2', '--single-transaction', 'f'])).toHaveLength(1);
    expect(optionConflicts(['--create', '--single-transaction', 'f'])).toHaveLength(1);
    expect(optionConflicts(['--jobs', '2', '-'])[0]).toMatch(/standard input/);
    expect(dbnameConninfo('plain')).toBe("dbname='plain'");
  });
});
