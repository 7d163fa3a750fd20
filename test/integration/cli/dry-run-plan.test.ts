/** `replay --dry-run`: the schedule, one line per database saying why, in text and JSON; nothing is created. */
import { describe, expect, it } from 'vitest';
import { SAMPLE_DIR } from '../../../electron/cli/commands/demo';
import type { ReplayPlan } from '../../../electron/core/replay/types';
import { cli } from '../../support/cli';
import { sql, superUri, uniq } from '../../support/pg';

describe('pgflex-restore replay --dry-run', () => {
  it('says each database\'s place and workers, and why, without touching the target', async () => {
    const u = uniq();
    const renames = ['shop', 'Café Analytics', 'inventory'].flatMap((n) => ['--rename', `${n}=${n}_${u}`]);
    const args = ['replay', SAMPLE_DIR, '--target', `${superUri()}?sslmode=disable`, '--jobs', '3', ...renames, '--dry-run'];
    const text = await cli(...args);
    expect(text.code, text.stderr).toBe(0);
    const json = await cli(...args, '--json');
    const plan = json.json.find((e) => e.type === 'plan')!.plan as ReplayPlan;
    const restored = plan.databases.filter((d) => d.action === 'restore');
    expect(restored.length).toBeGreaterThanOrEqual(3);
    expect(restored.map((d) => d.schedule!.order).sort((a, b) => a - b)).toEqual(restored.map((_, i) => i + 1));
    for (const d of restored) {
      expect(d.schedule!.jobs).toBeGreaterThanOrEqual(1);
      expect(d.schedule!.jobs).toBeLessThanOrEqual(3);
      expect(d.schedule!.why).toMatch(/worker.*; starts (first|\d+(st|nd|rd|th))/);
      // The text prints the same line under the database.
      expect(text.stdout).toContain(`#${d.schedule!.order}, ${d.schedule!.why}`);
      expect(d.preDataCommand).toContain('--section=pre-data');
    }
    expect(plan.estimatedMs).toBeGreaterThan(0);
    expect(text.stdout).toMatch(/Estimated: /);
    expect(await sql('postgres', `SELECT datname FROM pg_database WHERE datname LIKE '%${u}'`)).toEqual([]);
  });
});
