import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayEvent } from '../../../electron/contract';
import { EventBatcher } from '../../../electron/services/activities/event-batcher';
import { REPLAY } from '../../../electron/services/activities/replay-activity';

const log = (i: number): ReplayEvent => ({ type: 'log', source: 'shop', line: `line ${i}` });
const progress = (fraction: number): ReplayEvent => ({ type: 'progress', databases: [], overall: { fraction, etaMs: null, elapsedMs: 0 } });

describe('EventBatcher with the replay\'s rules', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends one batch per interval, not one message per event', () => {
    const batches: ReplayEvent[][] = [];
    const b = new EventBatcher<ReplayEvent>((e) => batches.push(e), REPLAY.events!.batch, { intervalMs: 100, maxEvents: 500 });
    for (let i = 0; i < 120; i++) b.push(log(i));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
    expect(batches[0].map((e) => (e.type === 'log' ? e.line : ''))).toEqual(Array.from({ length: 120 }, (_, i) => `line ${i}`));
  });

  it('flushes at maxEvents so a burst of 100 000 lines leaves in 200 messages, in order', () => {
    const batches: ReplayEvent[][] = [];
    const b = new EventBatcher<ReplayEvent>((e) => batches.push(e), REPLAY.events!.batch, { intervalMs: 100, maxEvents: 500 });
    for (let i = 0; i < 100_000; i++) b.push(log(i));
    expect(batches).toHaveLength(200);
    expect(batches.every((x) => x.length === 500)).toBe(true);
    const lines = batches.flat().map((e) => (e.type === 'log' ? Number(e.line.slice(5)) : -1));
    expect(lines.every((n, i) => n === i)).toBe(true);
  });

  it('keeps only the newest pending progress snapshot, after the events that came before it', () => {
    const batches: ReplayEvent[][] = [];
    const b = new EventBatcher<ReplayEvent>((e) => batches.push(e), REPLAY.events!.batch, { intervalMs: 100, maxEvents: 500 });
    b.push(progress(0.1));
    b.push(log(1));
    b.push(progress(0.2));
    b.push(log(2));
    b.push(progress(0.3));
    vi.advanceTimersByTime(100);
    expect(batches[0].map((e) => e.type)).toEqual(['log', 'log', 'progress']);
    expect(batches[0][2]).toEqual(progress(0.3));
  });

  it('sends a summary at once', () => {
    const batches: ReplayEvent[][] = [];
    const b = new EventBatcher<ReplayEvent>((e) => batches.push(e), REPLAY.events!.batch, { intervalMs: 10_000 });
    b.push(log(1));
    b.push({ type: 'summary', summary: { ok: true, source: { folder: "/x", takenAt: null, markerRaw: null }, startedAt: '', durationMs: 0, target: { host: '', port: 0, user: '', database: '', sslmode: '' }, roles: null, files: [], databases: [] } });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(2);
  });

  it('counts coalesced progress once toward maxEvents', () => {
    const batches: ReplayEvent[][] = [];
    const b = new EventBatcher<ReplayEvent>((e) => batches.push(e), REPLAY.events!.batch, { intervalMs: 100, maxEvents: 3 });
    for (let i = 0; i < 10; i++) b.push(progress(i / 10));
    expect(batches).toHaveLength(0);
    b.push(log(1));
    b.push(log(2));
    expect(batches).toHaveLength(1);
    expect(batches[0].map((e) => e.type)).toEqual(['progress', 'log', 'log']);
  });
});
