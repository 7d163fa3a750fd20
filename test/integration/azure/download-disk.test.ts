/**
 * The download and the local disk, on a real small disk (a 24 MB tmpfs, so these run as root —
 * as CI does — and are skipped, visibly, where a tmpfs cannot be mounted) against a real Azurite: a download that does
 * not fit is refused before a byte is fetched or a file made; a disk that fills up on the way is
 * told as the local disk (not the storage service), the record claims exactly the bytes that are
 * on disk, and once there is room the next run resumes them to a byte-identical file; a read-only
 * disk is named as such.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';
import { runDownload as run, viaProxy } from '../../support/download-run';
import { startSlowProxy } from '../../support/slow-proxy';
import { mountSmallDisk, unmountSmallDisk } from '../../support/small-disk';

const MB = 1024 * 1024;
let az: Azurite;

const disk = mountSmallDisk(24) ?? '';
const mounted = disk !== '';

async function container(name: string, blobs: Record<string, Buffer>): Promise<string> {
  const c = az.service().getContainerClient(name);
  await c.createIfNotExists();
  // Staged blocks get no Content-MD5: the bytes on disk are all the next run has to go on.
  for (const [blob, body] of Object.entries(blobs)) await c.getBlockBlobClient(blob).uploadStream(Readable.from([body]), 4 * MB, 1);
  return containerSasUrl(az, name);
}

beforeAll(async () => {
  if (mounted) az = await startAzurite();
});

afterAll(async () => {
  await az?.stop();
  unmountSmallDisk(disk || null);
});

describe.skipIf(!mounted)('a download and a small disk (needs root and the right to mount a tmpfs)', () => {
  it('a download that does not fit is refused before a byte is fetched, and leaves the folder empty', async () => {
    const url = await container('too-big', { 'a.bin': randomBytes(20 * MB), 'b.bin': randomBytes(8 * MB) });
    const folder = join(disk, 'too-big');
    const { result, events } = await run({ containerUrl: url, folder });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'no-space', message: expect.stringMatching(new RegExp(`^The disk holding ${folder} has [\\d.]+ MB free, and this download still needs 29\\.4 MB\\. Nothing was fetched\\.$`)) });
    expect(result.error?.hint).toMatch(/^Free at least [\d.]+ MB on that disk, or download into a folder on a disk with more room/);
    expect(result.fetched).toBe(0);
    expect(events.some((e) => e.type === 'progress' && e.total.fetched > 0)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a disk that fills up on the way: the local disk is named, exactly the bytes on disk are kept, and the next run resumes them', async () => {
    const blob = randomBytes(16 * MB);
    const url = await container('fills-up', { 'dump.bin': blob });
    const folder = join(disk, 'fills-up');
    mkdirSync(folder);
    const filler = join(disk, 'filler');
    // Three connections at 2 MB/s each: several ranges in flight, so the partial file has holes.
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    let filled = false;
    try {
      const { result } = await run({ containerUrl: viaProxy(url, proxy), folder, streams: { fixed: 3 }, minSplitBytes: 1 * MB }, (e) => {
        if (e.type !== 'progress' || filled || e.total.fetched < 3 * MB) return;
        filled = true;
        // Someone else's file takes the disk, all but 700 kB of it.
        const { bavail, bsize } = statfsSync(disk);
        writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 700 * 1024)));
      });
      expect(filled).toBe(true);
      expect(result.status).toBe('failed');
      const failed = result.files.find((f) => f.file === 'dump.bin')!;
      expect(failed.error).toMatchObject({ code: 'download-incomplete', message: `The disk holding ${folder} is full: dump.bin could not be written.` });
      expect(failed.error!.hint).toMatch(/^Free at least [\d.]+ MB on that disk .* what is already written is kept and resumed\.$/);
      expect(failed.error!.message).not.toMatch(/storage service/);
    } finally {
      await proxy.stop();
    }
    // The record claims only bytes that are there: each claimed range holds the blob's own bytes.
    const record = JSON.parse(readFileSync(join(folder, '.dump.bin.pgflex-part.json'), 'utf8')) as { done: [number, number][] };
    const part = readFileSync(join(folder, '.dump.bin.pgflex-part'));
    const claimed = record.done.reduce((n, [s, e]) => n + e - s, 0);
    expect(claimed).toBeGreaterThan(3 * MB);
    for (const [s, e] of record.done) expect(part.subarray(s, e).equals(blob.subarray(s, e)), `bytes ${s}–${e}`).toBe(true);

    rmSync(filler);
    const again = await run({ containerUrl: url, folder });
    expect(again.result.status).toBe('completed');
    expect(again.result.resumed).toBe(claimed);
    expect(again.result.fetched).toBe(blob.length - claimed);
    expect(readFileSync(join(folder, 'dump.bin')).equals(blob)).toBe(true);
  });

  it('a read-only disk: said as such before anything is fetched, for a folder there and one to be made there', async () => {
    const url = await container('read-only', { 'small.bin': randomBytes(1 * MB) });
    const there = join(disk, 'read-only');
    mkdirSync(there);
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    try {
      const { result } = await run({ containerUrl: url, folder: there });
      expect(result).toMatchObject({ status: 'failed', fetched: 0, error: { code: 'download-incomplete', message: expect.stringMatching(new RegExp(`^Could not write .pgflex-download.lock in ${there} \\(EROFS on open\\)`)) } });
      const made = await run({ containerUrl: url, folder: join(disk, 'to-make') });
      expect(made.result.error?.message).toMatch(new RegExp(`^Could not create the folder ${join(disk, 'to-make')} `));
      expect(made.result.error?.hint).toBe('Choose a folder on a writable disk, inside a folder you may write to.');
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', disk]);
    }
  });
});
