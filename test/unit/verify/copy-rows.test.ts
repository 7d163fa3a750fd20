import { describe, expect, it } from 'vitest';
import { CopyRowCounter, countCopyRows } from '../../../electron/core/verify/copy-rows';

const b = (s: string) => Buffer.from(s, 'latin1');

/** COPY text as PostgreSQL writes it: newlines in values escaped, backslashes doubled, a row `\.` value escaped. */
const DATA = '1\tline1\\nline2\n2\tback\\\\slash\\\\\n3\t\\\\.\n4\t\\N\n5\t\\.x\n\\.\n\n\n';

describe('CopyRowCounter', () => {
  it('counts rows up to the terminator, whatever the escapes', () => {
    expect(countCopyRows([b(DATA)])).toEqual({ rows: 5, problem: null });
  });

  it('gives the same count for every split of the data into two chunks', () => {
    for (let i = 0; i <= DATA.length; i++) {
      expect(countCopyRows([b(DATA.slice(0, i)), b(DATA.slice(i))]).rows, `split at ${i}`).toBe(5);
    }
  });

  it('gives the same count fed one byte at a time', () => {
    expect(countCopyRows([...b(DATA)].map((x) => Uint8Array.of(x)))).toEqual({ rows: 5, problem: null });
  });

  it('counts an empty table', () => {
    expect(countCopyRows([b('\\.\n\n\n')])).toEqual({ rows: 0, problem: null });
  });

  it('says when the data is cut inside a row or has no terminator', () => {
    expect(countCopyRows([b('1\ta\n2\tb')])).toEqual({ rows: 1, problem: 'the COPY data ends inside a row' });
    expect(countCopyRows([b('1\ta\n')]).problem).toMatch(/no \\\. terminator/);
  });

  it('ignores whatever follows the terminator', () => {
    const c = new CopyRowCounter();
    c.push(b('1\n\\.\n'));
    c.push(b('2\n3\n'));
    expect(c.finish()).toEqual({ rows: 1, problem: null });
  });
});
