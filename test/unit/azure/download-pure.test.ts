import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc64 } from '../../../electron/core/azure/download/crc64';
import { localNameFor, plainEtag } from '../../../electron/core/azure/download/list-blobs';
import { addRange, coveredBytes, missingRanges, type Ranges } from '../../../electron/core/azure/download/part-state';
import { isRetryable } from '../../../electron/core/azure/download/fetch-segment';
import { RateMeter, StreamControl } from '../../../electron/core/azure/download/stream-control';
import { hasSas, redactUrl } from '../../../electron/core/azure/download/container-access';

describe('download ranges', () => {
  it('merges overlapping and touching ranges and finds the gaps', () => {
    const r: Ranges = [];
    addRange(r, 10, 20);
    addRange(r, 30, 40);
    addRange(r, 20, 25);
    addRange(r, 5, 5); // empty: ignored
    expect(r).toEqual([[10, 25], [30, 40]]);
    expect(missingRanges(r, 50)).toEqual([[0, 10], [25, 30], [40, 50]]);
    expect(coveredBytes(r)).toBe(25);
    addRange(r, 0, 50);
    expect(missingRanges(r, 50)).toEqual([]);
  });
});

describe('CRC64 (Azure Storage\'s)', () => {
  // Azurite's own CRC64: an implementation independent of the product's, as the service's value.
  const azurite = createRequire(import.meta.url)('azurite/dist/src/common/utils/utils.js') as { getCRC64FromString(data: Buffer): Uint8Array };

  it('matches an independent implementation at every alignment, length and split of the input', () => {
    const data = randomBytes(70_000);
    for (const [offset, length] of [[0, 0], [0, 1], [1, 15], [2, 16], [3, 17], [1, 33], [0, 4096], [5, 65_537], [7, 69_990]]) {
      const bytes = data.subarray(offset, offset + length); // a view at any byte offset, as network chunks are
      const expected = Buffer.from(azurite.getCRC64FromString(bytes)).toString('hex');
      expect(crc64().update(bytes).digest().toString('hex'), `${offset}+${length}`).toBe(expected);
      const cut = Math.floor(length / 3);
      expect(crc64().update(bytes.subarray(0, cut)).update(bytes.subarray(cut, cut + 1)).update(bytes.subarray(cut + 1)).digest().toString('hex'), `split ${offset}+${length}`).toBe(expected);
    }
  });
});

describe('blob names → local file names', () => {
  it('keeps the last segment of a plain name and refuses what could escape or hide', () => {
    expect(localNameFor('b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_database_shop.sql')).toEqual({ file: 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_database_shop.sql' });
    expect(localNameFor('restores/2024/backupstarttimestamp')).toEqual({ file: 'backupstarttimestamp' });
    for (const bad of ['a/..', 'a/.', 'folder/', '.pgflex-part', 'x\\..\\evil', 'a\u0000b', 'x'.repeat(256)]) expect('reason' in localNameFor(bad), bad).toBe(true);
  });

  it('compares ETags without the quotes response headers add', () => {
    expect(plainEtag('"0x8DC5A1B2C3D4E5F"')).toBe('0x8DC5A1B2C3D4E5F');
    expect(plainEtag('0x8DC5A1B2C3D4E5F')).toBe('0x8DC5A1B2C3D4E5F');
    expect(plainEtag('W/"abc"')).toBe('abc');
  });
});

describe('retry and SAS helpers', () => {
  it('retries network breaks and 5xx/429/408, not 4xx answers', () => {
    expect(isRetryable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable({ statusCode: 503, message: 'Server busy' })).toBe(true);
    expect(isRetryable({ statusCode: 429, message: 'Too many' })).toBe(true);
    expect(isRetryable({ statusCode: 403, message: 'This request is not authorized' })).toBe(false);
    expect(isRetryable({ statusCode: 404, message: 'BlobNotFound' })).toBe(false);
  });

  it('spots and hides a SAS signature', () => {
    expect(hasSas('https://a.blob.core.windows.net/c?sv=2022-11-02&sig=x')).toBe(true);
    expect(hasSas('https://a.blob.core.windows.net/c')).toBe(false);
    expect(redactUrl('http://127.0.0.1:10000/devstoreaccount1/c?sig=abc&sp=rl')).toBe('http://127.0.0.1:10000/devstoreaccount1/c?sig=REDACTED&sp=rl');
  });
});

describe('rate meter', () => {
  it('measures over its window and gives the time left', () => {
    const m = new RateMeter(1000);
    m.add(0, 0);
    expect(m.rate()).toBeNull();
    m.add(500, 5_000_000);
    expect(m.rate()).toBe(10_000_000);
    expect(m.etaMs(20_000_000)).toBe(2000);
    m.add(2000, 5_000_000); // stalled: the old fast samples leave the window
    expect(m.rate()).toBe(0);
    expect(m.etaMs(1)).toBeNull();
  });
});

describe('stream count', () => {
  /**
   * Plays a link for `seconds`: each stream gets `perStream` bytes/s up to `total` (or `link(n)` for n streams);
   * CPU use is `cpu` of a core, the event loop is busy `loop` of the time (as much as the CPU unless said), the machine's
   * cores are busy `machine` of the time (idle but for this process unless said). Returns the counts used.
   */
  function play(perStream: number, total: number, cpu: number, seconds = 8, gapEvery = 0, link = (n: number) => Math.min(total, perStream * n), loop = cpu, machine = cpu / 2) {
    let t = 0;
    let cpuUs = 0;
    const control = new StreamControl({
      cpuUsage: (since) => ({ user: cpuUs - (since?.user ?? 0), system: 0 }), loopActiveMs: () => t * loop,
      machineCpu: () => ({ busy: 2 * t * machine, total: 2 * t }),
    });
    let fetched = 0;
    const seen: number[] = [];
    for (; t < seconds * 1000; t += 100) {
      fetched += (link(control.limit) * 100) / 1000;
      cpuUs += cpu * 100_000;
      const between = gapEvery > 0 && (t / 100) % gapEvery === 0; // a stream between two ranges at this tick
      control.tick(t, fetched, between ? control.limit - 1 : control.limit);
      if (seen.at(-1) !== control.limit) seen.push(control.limit);
    }
    return seen;
  }

  it('on a far link (one stream held to a rate, the event loop waiting) goes straight to the ceiling and stays when it pays', () => {
    expect(play(8e6, 200e6, 0.1)).toEqual([1, 32]);
    expect(play(8e6, 60e6, 0.1)).toEqual([1, 32]); // 60 MB/s is 7.5 streams' worth: more cost nothing in rate
    expect(play(8e6, 200e6, 0.1, 2, 4)).toEqual([1, 32]); // streams between ranges now and then do not stall the ramp: at the ceiling within 2 s
    expect(play(8e6, 8e6, 0.1)).toEqual([1, 32, 1]); // the link's whole rate is one stream's: back to one
  });

  it('grows step by step when one stream keeps the event loop busy but the CPU mostly idle, fourfold once a step pays in full, and settles at the best count', () => {
    expect(play(8e6, 200e6, 0.25, 8, 0, undefined, 0.4)).toEqual([1, 2, 8, 32]); // each step paid: up to the ceiling
    expect(play(8e6, 60e6, 0.25, 8, 0, undefined, 0.4)).toEqual([1, 2, 8, 32, 8]); // 32 streams did not add a tenth: back to 8
  });

  it('does not take a starved stream for a far link: its process uses little CPU, but its event loop is busy (bytes always waiting)', () => {
    const starved = (n: number): number => (n === 1 ? 40e6 : 25e6); // on a saturated machine more streams only cost
    expect(play(0, 0, 0.25, 8, 0, starved, 0.8)).toEqual([1, 2, 1]);
  });

  it('measures a new count only once most of its requests are answered (a loaded server answers 32 at once slowly)', () => {
    // An idle machine, played: the real one's cores are busy with the rest of the test run, which would read as saturated.
    let now = 0;
    const control = new StreamControl({
      cpuUsage: () => ({ user: 0, system: 0 }), loopActiveMs: () => 0, machineCpu: () => ({ busy: 0.1 * now, total: now }),
    });
    let fetched = 0;
    for (let t = 0; t <= 400; t += 100) control.tick((now = t), (fetched += 0.8e6), 1);
    expect(control.limit).toBe(32);
    // For 2 s only 4 of the 32 streams have their answer, and bytes come in at one stream's rate: no verdict yet.
    for (let t = 500; t <= 2500; t += 100) control.tick((now = t), (fetched += 0.8e6), 32, 4);
    expect(control.limit).toBe(32);
    for (let t = 2600; t <= 4000; t += 100) control.tick((now = t), (fetched += 20e6), 32, 32);
    expect(control.limit).toBe(32);
  });

  it('stays at one stream when this process is busy (loopback: the CPU is the limit)', () => {
    expect(play(300e6, 300e6, 0.6)).toEqual([1]);
  });

  it('does not take a waiting loop for a far link while every core is busy: a fast stream from a sender on this machine stays alone', () => {
    // Loopback to an emulator: this process mostly waits (0.25 of a core), the emulator holds the other core.
    expect(play(400e6, 400e6, 0.25, 8, 0, (n) => (n === 1 ? 400e6 : 350e6), 0.1, 0.8)).toEqual([1]);
    // A far link while a replay saturates the cores: one slow stream is not taken for loopback; it steps up as long as it pays.
    expect(play(8e6, 200e6, 0.05, 8, 0, undefined, 0.05, 0.9)).toEqual([1, 2, 8, 32]);
    // The same waiting loop on an idle machine is a far link: straight to the ceiling.
    expect(play(8e6, 200e6, 0.05, 8, 0, undefined, 0.05, 0.1)).toEqual([1, 32]);
  });
});
