/**
 * The one registry of long-running work with its three kinds' needs: a replay's batched events,
 * and the Azure kinds without events (read as views) — work put back from an earlier app start
 * under its id, run again with `follow`, forgotten, listed by kind, closed by kind on quit; a
 * refused start registers nothing.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { ActivityRegistry, type ActivityKind, type Started } from '../../../electron/services/activities/activity-registry';
import { DOWNLOAD } from '../../../electron/services/azure/download-activity';
import { AZURE_JOB } from '../../../electron/services/azure/job-activity';

interface Work { name: string; status: 'succeeded' | 'failed' | 'problems'; cancelled: number }

/** Work that ends when told to (or when cancelled). */
function controllable(work: Work, startedAt?: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const started: Started<Work> = {
    work, ended, startedAt,
    cancel: async () => {
      work.cancelled++;
      end();
    },
    view: () => ({ title: work.name, detail: '', status: work.status }),
  };
  return { started, end };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('activity registry', () => {
  it('puts back work of an earlier start under its id, runs it again with follow, and says running only while it runs', async () => {
    const changes: unknown[] = [];
    const reg = new ActivityRegistry((name, ...payload) => changes.push([name, ...payload]));
    const old: Work = { name: 'old download', status: 'problems', cancelled: 0 };
    reg.restore(DOWNLOAD, '00000000-0000-4000-8000-0000000000aa', { ...controllable(old, '2024-04-10T10:00:00.000Z').started });
    expect(reg.list()).toEqual([{ id: '00000000-0000-4000-8000-0000000000aa', kind: 'download', startedAt: '2024-04-10T10:00:00.000Z', title: 'old download', detail: '', status: 'problems' }]);
    expect(reg.isRunning('00000000-0000-4000-8000-0000000000aa', DOWNLOAD)).toBe(false);
    // Not an Azure job, whatever its id says.
    expect(reg.has('00000000-0000-4000-8000-0000000000aa', AZURE_JOB)).toBe(false);
    expect(() => reg.work('00000000-0000-4000-8000-0000000000aa', AZURE_JOB)).toThrow(AZURE_JOB.unknown);

    let resumed!: () => void;
    reg.follow('00000000-0000-4000-8000-0000000000aa', DOWNLOAD, new Promise<void>((r) => (resumed = r)));
    expect(reg.list()[0].status).toBe('running');
    old.status = 'succeeded';
    resumed();
    await settle();
    expect(reg.list()[0].status).toBe('succeeded');
    // No events for a kind without them: only the list changes.
    expect(changes.every((c) => (c as unknown[])[0] === 'activityChanged')).toBe(true);
  });

  it('registers nothing when begin refuses, lists works by kind, forgets (cancelling first), and closes one kind only', async () => {
    const reg = new ActivityRegistry(() => undefined);
    await expect(reg.start(AZURE_JOB, async () => { throw new UserError('azure-refused', 'no', 'fix it'); })).rejects.toThrow('no');
    expect(reg.list()).toEqual([]);

    const job: Work = { name: 'job', status: 'succeeded', cancelled: 0 };
    const dl: Work = { name: 'download', status: 'problems', cancelled: 0 };
    const replayKind: ActivityKind<{ type: string }> = {
      kind: 'replay', unknown: new UserError('bad-argument', 'unknown', 'x'),
      events: { name: 'replayEvents', batch: { isSnapshot: () => false, isUrgent: () => true }, isBulk: () => false },
    };
    const replay: Work = { name: 'replay', status: 'succeeded', cancelled: 0 };
    const j = await reg.start(AZURE_JOB, async () => controllable(job, '2024-04-10T09:00:00.000Z').started);
    const d = await reg.start(DOWNLOAD, async (_emit, id) => {
      dl.name = `download ${id}`;
      return controllable(dl).started;
    });
    await reg.start(replayKind, async () => controllable(replay).started);
    expect(reg.works<Work>(DOWNLOAD)).toEqual([dl]);
    expect(dl.name).toBe(`download ${d.id}`);
    expect(reg.list().map((a) => a.kind)).toEqual(['replay', 'download', 'azure-job']); // newest first, by when each began

    await reg.close([AZURE_JOB, DOWNLOAD]);
    expect([job.cancelled, dl.cancelled, replay.cancelled]).toEqual([1, 1, 0]);
    await settle();
    await reg.forget(j.id, AZURE_JOB);
    expect(reg.has(j.id, AZURE_JOB)).toBe(false);
    expect(reg.list().map((a) => [a.kind, a.status])).toEqual([['replay', 'running'], ['download', 'problems']]);
  });
});
