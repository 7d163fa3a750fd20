/**
 * The download against a real Azurite, second part: a re-run keeps what is already complete and
 * checked, a stalled connection is given up and retried, and the CRC64 of each range is checked
 * where the service gives one (Azurite does not; a proxy adds it the way the Blob service does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc64 } from '../../../electron/core/azure/download/crc64';
import { cliProcess } from '../../support/cli';
import { containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';
import { startCrc64Proxy } from '../../support/crc64-proxy';
import { runDownload as run, viaProxy } from '../../support/download-run';
import { startSlowProxy } from '../../support/slow-proxy';

const MB = 1024 * 1024;
let az: Azurite;
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
  dirs.push(d);
  return d;
}

/** Blobs in `md5` get a Content-MD5 (as a one-shot Put Blob does); the others are put as staged blocks, which get none. */
async function container(name: string, blobs: Record<string, Buffer>, md5 = new Set<string>()) {
  const c = az.service().getContainerClient(name);
  await c.createIfNotExists();
  for (const [blob, body] of Object.entries(blobs)) {
    const client = c.getBlockBlobClient(blob);
    if (md5.has(blob)) await client.uploadData(body, { blobHTTPHeaders: { blobContentMD5: createHash('md5').update(body).digest() } });
    else await client.uploadStream(Readable.from([body]), 4 * MB, 1);
  }
  return c;
}

beforeAll(async () => {
  az = await startAzurite();
});
afterAll(async () => {
  await az?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('download re-runs', () => {
  it('a second run keeps every complete, checked file without fetching a byte; a changed or unverifiable file is fetched again', async () => {
    const withMd5 = randomBytes(3 * MB);
    const plain = randomBytes(2 * MB);
    await container('rerun', { 'with-md5.bin': withMd5, 'plain.bin': plain }, new Set(['with-md5.bin']));
    const url = containerSasUrl(az, 'rerun');
    const folder = tempDir();
    const first = await run({ containerUrl: url, folder });
    expect(first.result.status).toBe('completed');
    const mtimes = ['with-md5.bin', 'plain.bin'].map((f) => statSync(join(folder, f)).mtimeMs);

    const second = await run({ containerUrl: url, folder });
    expect(second.result.status).toBe('completed');
    expect(second.result.fetched).toBe(0);
    expect(second.result.resumed).toBe(withMd5.length + plain.length);
    const kept = second.events.filter((e) => e.type === 'file-complete');
    expect(kept.map((e) => (e as { already?: boolean }).already)).toEqual([true, true]);
    expect(second.result.files.find((f) => f.file === 'with-md5.bin')?.checks).toEqual(['size', 'content-md5']);
    expect(['with-md5.bin', 'plain.bin'].map((f) => statSync(join(folder, f)).mtimeMs)).toEqual(mtimes); // not rewritten

    // Someone edits a file in place (same size) and the manifest is lost: the MD5 tells the edit
    // apart; the file without an MD5 cannot be told from the blob, so it is fetched again.
    const edited = Buffer.from(withMd5);
    edited[1000] ^= 1;
    writeFileSync(join(folder, 'with-md5.bin'), edited);
    unlinkSync(join(folder, '.pgflex-download.json'));
    const third = await run({ containerUrl: url, folder });
    expect(third.result.status).toBe('completed');
    expect(third.result.fetched).toBe(withMd5.length + plain.length);
    expect(readFileSync(join(folder, 'with-md5.bin')).equals(withMd5)).toBe(true);
    expect(readFileSync(join(folder, 'plain.bin')).equals(plain)).toBe(true);

    // With the manifest gone again but the files intact, the MD5 vouches for its file; the other is fetched.
    unlinkSync(join(folder, '.pgflex-download.json'));
    const fourth = await run({ containerUrl: url, folder });
    expect(fourth.result.fetched).toBe(plain.length);
    expect(fourth.events.find((e) => e.type === 'file-complete' && e.file === 'with-md5.bin')).toMatchObject({ already: true });
  });
});

describe('stalled connections', () => {
  it('a connection that stops sending is aborted after the stall timeout and the range is fetched again', async () => {
    const big = randomBytes(6 * MB);
    await container('stall', { 'big.bin': big });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    let stalledAt = -1;
    try {
      const { result, events } = await run({ containerUrl: viaProxy(containerSasUrl(az, 'stall'), proxy), folder, stallMs: 1000, streams: { fixed: 1 } }, (e) => {
        if (e.type === 'progress' && stalledAt < 0 && e.total.fetched >= 1 * MB) {
          stalledAt = e.total.fetched;
          proxy.stallAll();
        }
      });
      expect(stalledAt).toBeGreaterThan(0);
      const retry = events.find((e) => e.type === 'retrying');
      expect(retry).toMatchObject({ file: 'big.bin' });
      expect((retry as { reason: string }).reason).toMatch(/stalled: no bytes for 1 s/);
      // Bytes flowed for seconds before and after the stall, longer than the timeout: only the stall aborted.
      expect(events.filter((e) => e.type === 'retrying')).toHaveLength(1);
      expect(result.status).toBe('completed');
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
      expect(result.fetched - (result.totalBytes - result.resumed)).toBe(0); // what arrived before the stall was kept
    } finally {
      await proxy.stop();
    }
  });
});

describe('two downloads into one folder', () => {
  it('the second is refused before it touches a file; the first completes byte-identical and the lock is gone', async () => {
    const big = randomBytes(6 * MB);
    await container('twice', { 'big.bin': big, 'small.bin': randomBytes(300_000) });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 4 * MB });
    const folder = tempDir();
    try {
      const url = viaProxy(containerSasUrl(az, 'twice'), proxy);
      let second: Promise<Awaited<ReturnType<typeof run>>> | null = null;
      const first = run({ containerUrl: url, folder, streams: { fixed: 1 } }, (e) => {
        if (e.type === 'progress' && !second && e.total.fetched >= MB) second = run({ containerUrl: url, folder, streams: { fixed: 1 } });
      });
      const a = await first;
      const b = await second!;
      expect(b.result.status).toBe('failed');
      expect(b.result.error).toMatchObject({ code: 'folder-busy', message: expect.stringMatching(/Another download is writing into/) });
      expect(b.result.fetched).toBe(0);
      expect(a.result.status).toBe('completed');
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
      expect(readdirSync(folder).sort()).toEqual(['.pgflex-download.json', 'big.bin', 'small.bin']);
    } finally {
      await proxy.stop();
    }
  });
});

describe('a reader of the output that goes away', () => {
  it('`download --json | head` cancels cleanly (exit 130, no stack trace) and the next run resumes from the bytes on disk', async () => {
    const big = randomBytes(6 * MB);
    await container('gone', { 'big.bin': big });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    try {
      const url = viaProxy(containerSasUrl(az, 'gone'), proxy);
      const child = cliProcess(['download', '--container-url', url, '--to', folder, '--streams', '1', '--json']);
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      child.stdout.on('data', (d) => {
        out += d;
        const fetched = [...out.matchAll(/"fetched":(\d+)/g)].map((m) => Number(m[1]));
        if (fetched.some((n) => n >= MB)) child.stdout.destroy(); // the reader is gone mid-download
      });
      expect(await exited).toBe(130);
      expect(err).not.toMatch(/EPIPE|Unhandled|at .*\.mjs/);
      const again = await run({ containerUrl: url, folder, streams: { fixed: 1 } });
      expect(again.result.status).toBe('completed');
      expect(again.result.resumed).toBeGreaterThanOrEqual(MB); // kept, not fetched twice
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });
});

describe('CRC64 of each range', () => {
  it('is computed as Azure Storage does: the check value, and what Azurite echoes for a staged block', async () => {
    expect(crc64().update(Buffer.from('123456789')).digest().readBigUInt64LE().toString(16)).toBe('ae8b14860a799888');
    const block = randomBytes(1_000_003);
    const c = await container('crc-block', {});
    const staged = await c.getBlockBlobClient('b').stageBlock(Buffer.from('block-1').toString('base64'), block, block.length);
    expect(staged.xMsContentCrc64 && Buffer.from(staged.xMsContentCrc64).toString('hex')).toBe(crc64().update(block.subarray(0, 5)).update(block.subarray(5)).digest().toString('hex'));
  });

  it('asks for a CRC64 per range of at most 4 MiB when a blob has no Content-MD5, checks every one, and fetches a corrupted range again', async () => {
    const big = randomBytes(10 * MB + 123);
    const small = randomBytes(50_000);
    await container('crc', { 'big.bin': big, 'small.bin': small, 'md5.bin': small }, new Set(['md5.bin']));
    const proxy = await startCrc64Proxy(az.host, az.port);
    try {
      const folder = tempDir();
      proxy.corrupt(1);
      const { result, events } = await run({ containerUrl: viaProxy(containerSasUrl(az, 'crc'), proxy), folder, streams: { fixed: 2 } });
      expect(result.status).toBe('completed');
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
      expect(readFileSync(join(folder, 'small.bin')).equals(small)).toBe(true);
      const checks = Object.fromEntries(result.files.map((f) => [f.file, f.checks]));
      expect(checks).toEqual({ 'big.bin': ['size', 'crc64'], 'small.bin': ['size', 'crc64'], 'md5.bin': ['size', 'content-md5'] });
      expect(events.some((e) => e.type === 'retrying' && /CRC64/.test(e.reason))).toBe(true);
      const asked = proxy.ranges.filter((r) => r.crc64);
      expect(asked.length).toBeGreaterThanOrEqual(Math.ceil(big.length / (4 * MB)) + 1);
      expect(asked.every((r) => r.length <= 4 * MB)).toBe(true);
      expect(proxy.ranges.filter((r) => !r.crc64)).toHaveLength(1); // md5.bin: its whole-file MD5 is the check
    } finally {
      await proxy.stop();
    }
  });

  it('without a CRC64 from the service (Azurite refuses the header) the download goes on with the size and archive checks', async () => {
    const body = randomBytes(5 * MB);
    await container('no-crc', { 'data.bin': body });
    const folder = tempDir();
    const { result, events } = await run({ containerUrl: containerSasUrl(az, 'no-crc'), folder });
    expect(result.status).toBe('completed');
    expect(result.files[0].checks).toEqual(['size']);
    expect(events.some((e) => e.type === 'retrying')).toBe(false);
    expect(readFileSync(join(folder, 'data.bin')).equals(body)).toBe(true);
  });
});
