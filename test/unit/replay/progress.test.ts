import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryWeights, RestoreProgress } from '../../../electron/core/replay/progress';
import { parseRestoreLine } from '../../../electron/core/replay/restore-log';
import { TOC } from './toc-fixture';

const lines = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8').split('\n').filter(Boolean);

describe('RestoreProgress', () => {
  it('weighs data by size and indexes by their table', () => {
    const w = entryWeights(TOC);
    expect(w.get(3400)).toBe(1_000_000);
    expect(w.get(3255)).toBe(300_000);
    expect(w.get(3256)).toBe(4096);
    expect(w.get(7)).toBe(4096);
  });

  it('follows a real parallel restore to the end, weighted', () => {
    const p = new RestoreProgress(TOC);
    const all = lines('pg_restore-15-parallel.txt');
    const snaps = [];
    for (const l of all) {
      p.apply(parseRestoreLine(l));
      snaps.push(p.snapshot());
    }
    const launched = all.findIndex((l) => l.includes('launching item 3400'));
    expect(snaps[launched].phase).toBe('data');
    expect(snaps[launched].current).toContain('TABLE DATA my schema.Täble 1');
    // Before the big table finished, most of the weight is still to come.
    const bigDone = all.findIndex((l) => l.includes('finished item 3400'));
    expect(snaps[bigDone - 1].fraction).toBeLessThan(0.2);
    expect(snaps[bigDone].fraction).toBeGreaterThan(0.6);
    const fractions = snaps.map((s) => s.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(snaps.at(-1)!.itemsDone).toBe(TOC.length);
    expect(snaps.at(-1)!.fraction).toBeLessThan(1);
    p.complete();
    expect(p.snapshot()).toMatchObject({ fraction: 1, phase: 'done', current: [] });
  });

  it('follows a serial restore from its "creating" and "processing data" lines', () => {
    const p = new RestoreProgress(TOC);
    const all = lines('pg_restore-15-serial.txt');
    let sawData = false;
    for (const l of all) {
      p.apply(parseRestoreLine(l));
      const s = p.snapshot();
      if (s.current[0] === 'TABLE DATA my schema.Täble 1') {
        sawData = true;
        expect(s.phase).toBe('data');
      }
    }
    expect(sawData).toBe(true);
    const s = p.snapshot();
    expect(s.current).toEqual(['INDEX public.b_id_idx']);
    expect(s.fraction).toBeGreaterThan(0.6);
  });

  it('a serial pass that died did not finish the table it was loading; one that ended did', () => {
    const upTo = (p: RestoreProgress) => {
      for (const l of lines('pg_restore-15-serial.txt')) {
        p.apply(parseRestoreLine(l));
        if (p.snapshot().current[0] === 'TABLE DATA my schema.Täble 1') return;
      }
    };
    const died = new RestoreProgress(TOC);
    upTo(died);
    const before = died.landed();
    died.endPass(0, false);
    expect(died.landed()).toEqual(before);
    expect(died.snapshot().current).toEqual([]);
    const ended = new RestoreProgress(TOC);
    upTo(ended);
    ended.endPass(0);
    expect(ended.landed().tablesLoaded).toBe(before.tablesLoaded + 1);
  });
});
