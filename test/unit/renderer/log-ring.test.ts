import { describe, expect, it } from 'vitest';
import { levelOf, LogIndex, LogRing, type LogQuery } from '../../../renderer/src/lib/log-ring';

const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ source: i % 2 ? 'shop' : 'inventory', line: `pg_restore: processing item ${from + i} TABLE DATA public.t${from + i}` }));

describe('levelOf', () => {
  it('reads pg_restore and psql levels from real lines', () => {
    expect(levelOf('pg_restore: error: could not execute query: ERROR:  role "app_owner" does not exist')).toBe('error');
    expect(levelOf('psql:/tmp/roles.sql:12: ERROR:  role "x" already exists')).toBe('error');
    expect(levelOf('pg_restore: warning: errors ignored on restore: 3')).toBe('warning');
    expect(levelOf('pg_restore: creating TABLE "public.orders"')).toBe('info');
  });
});

describe('LogRing', () => {
  it('keeps sequence numbers stable while trimming the oldest lines in chunks', () => {
    const ring = new LogRing(1000);
    expect(ring.push(lines(900))).toBe(0);
    const dropped = ring.push(lines(300, 900));
    expect(dropped).toBeGreaterThan(0);
    expect(ring.size).toBeLessThanOrEqual(1000);
    expect(ring.next).toBe(1200);
    expect(ring.first).toBe(1200 - ring.size);
    expect(ring.at(ring.first)?.text).toContain(`item ${ring.first} `);
    expect(ring.at(1199)?.text).toContain('item 1199 ');
    expect(ring.at(ring.first - 1)).toBeUndefined();
  });

  it('searches by text and level', () => {
    const ring = new LogRing();
    ring.push([
      { source: 'shop', line: 'pg_restore: creating TABLE "public.orders"' },
      { source: 'shop', line: 'pg_restore: error: could not execute query' },
      { source: 'roles', line: 'psql: warning: something' },
      { source: 'Café Analytics', line: 'pg_restore: processing data for table "public.pages"' },
    ]);
    expect(ring.search({ text: 'ORDERS', level: 'all' })).toEqual([0]);
    expect(ring.search({ text: '', level: 'errors' })).toEqual([1]);
    expect(ring.search({ text: '', level: 'problems' })).toEqual([1, 2]);
    expect(ring.search({ text: 'café', level: 'all' })).toEqual([3]);
    expect(ring.text([0, 3])).toBe('[shop] pg_restore: creating TABLE "public.orders"\n[Café Analytics] pg_restore: processing data for table "public.pages"');
  });

  it('LogIndex catches up incrementally and agrees with a full scan after trimming', () => {
    const ring = new LogRing(10_000);
    const index = new LogIndex();
    const query: LogQuery = { text: 't1', level: 'all' };
    expect(index.rows(ring, { text: '', level: 'all' })).toBeNull();
    for (let batch = 0; batch < 30; batch++) {
      ring.push(lines(1000, batch * 1000));
      expect(index.rows(ring, query)).toEqual(ring.search(query));
    }
    expect(ring.first).toBeGreaterThan(0);
    // A new query rescans from scratch.
    expect(index.rows(ring, { text: 'inventory', level: 'all' })).toEqual(ring.search({ text: 'inventory', level: 'all' }));
  });

  // How fast is `npm run bench` (scripts/bench-log.ts); here only what it finds.
  it('takes 300,000 lines and finds exactly the matches', () => {
    const ring = new LogRing();
    for (let b = 0; b < 300; b++) ring.push(lines(1000, b * 1000));
    const hits = ring.search({ text: 'public.t29999', level: 'all' });
    expect(ring.size).toBe(300_000);
    expect(hits.length).toBe(11); // t29999 and t299990..t299999
  });
});
