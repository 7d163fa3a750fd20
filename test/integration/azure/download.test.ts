/** The container download against a real Azurite: byte-identical sets, resume, changes, integrity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';
import { runDownload as run, viaProxy } from '../../support/download-run';
import { startSlowProxy } from '../../support/slow-proxy';

const SAMPLE = join(__dirname, '../../../resources/sample');
const MB = 1024 * 1024;
const MANIFEST = '.pgflex-download.json';

let az: Azurite;
const cleanup: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
  cleanup.push(d);
  return d;
}

async function container(name: string, blobs: Record<string, Buffer>): Promise<ContainerClient> {
  const c = az.service().getContainerClient(name);
  await c.createIfNotExists();
  for (const [blob, body] of Object.entries(blobs)) await c.getBlockBlobClient(blob).uploadData(body);
  return c;
}

beforeAll(async () => {
  az = await startAzurite();
});
afterAll(async () => {
  await az?.stop();
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

describe('container download (real Azurite)', () => {
  it('downloads a real restore set byte-identical, checking every dump, and says which credential it used', async () => {
    const files = readdirSync(SAMPLE).filter((f) => f !== 'README.md');
    await container('sample-set', Object.fromEntries(files.map((f) => [f, readFileSync(join(SAMPLE, f))])));
    const folder = tempDir();
    const { result, events } = await run({ containerUrl: containerSasUrl(az, 'sample-set'), folder });
    expect(result.status).toBe('completed');
    expect(result.method).toBe('sas');
    expect(events.find((e) => e.type === 'credential')).toMatchObject({ method: 'sas' });
    expect(readdirSync(folder).sort()).toEqual([MANIFEST, ...files].sort()); // no partial files or records left, the manifest of finished files
    for (const f of files) expect(readFileSync(join(folder, f)).equals(readFileSync(join(SAMPLE, f))), f).toBe(true);
    const completes = events.filter((e) => e.type === 'file-complete');
    expect(completes).toHaveLength(files.length);
    for (const r of result.files.filter((x) => x.kind === 'database')) expect(r.checks).toContain('archive');
    expect(result.files.every((r) => r.checks.includes('size'))).toBe(true);
  });

  it('Azurite stopped mid-download and restarted: resumes, every file byte-identical, nothing fetched twice', async () => {
    const big = randomBytes(12 * MB);
    const dump = readFileSync(join(SAMPLE, readdirSync(SAMPLE).find((f) => f.includes('_database_shop'))!));
    await container('restart', { 'big.bin': big, 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_database_shop.sql': dump });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    let killedAt = -1;
    let restarted: Promise<void> | null = null;
    try {
      const { result, events } = await run({ containerUrl: viaProxy(containerSasUrl(az, 'restart'), proxy), folder, streams: { fixed: 2 } }, (e) => {
        if (e.type === 'progress' && killedAt < 0 && e.total.fetched >= 2 * MB) {
          killedAt = e.total.fetched;
          void az.kill().then(() => proxy.cutAll());
        }
        if (e.type === 'retrying' && killedAt >= 0 && !restarted) restarted = az.start();
      });
      await restarted;
      expect(result.status).toBe('completed');
      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(big.length + dump.length);
      expect(events.some((e) => e.type === 'retrying')).toBe(true);
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
      expect(readFileSync(join(folder, 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_database_shop.sql')).equals(dump)).toBe(true);
      const refetched = result.fetched - (result.totalBytes - result.resumed);
      expect(refetched).toBe(0);
    } finally {
      await proxy.stop();
      await az.start();
    }
  });

  it('a cancelled download resumes in a new run from the bytes on disk, not from zero', async () => {
    const big = randomBytes(10 * MB);
    await container('resume', { 'big.bin': big });
    const sas = containerSasUrl(az, 'resume');
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    try {
      const first = await run({ containerUrl: viaProxy(sas, proxy), folder }, (e, dl) => {
        if (e.type === 'progress' && e.total.fetched >= 3 * MB) dl.cancel();
      });
      expect(first.result.status).toBe('cancelled');
      expect(existsSync(join(folder, 'big.bin'))).toBe(false);
      expect(existsSync(join(folder, '.big.bin.pgflex-part'))).toBe(true);
      const second = await run({ containerUrl: sas, folder });
      expect(second.result.status).toBe('completed');
      const resumed = second.events.find((e) => e.type === 'file-resumed');
      expect(resumed).toMatchObject({ file: 'big.bin' });
      const onDisk = (resumed as { bytesOnDisk: number }).bytesOnDisk;
      expect(onDisk).toBeGreaterThanOrEqual(first.result.fetched - 0); // every byte the first run wrote was kept
      expect(onDisk).toBe(first.result.fetched);
      expect(second.result.fetched).toBe(big.length - onDisk);
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('pause stops every stream and keeps the bytes; resume carries on to a byte-identical file', async () => {
    const big = randomBytes(8 * MB);
    await container('paused', { 'big.bin': big });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    let pausedAt = -1;
    const statuses: string[] = [];
    try {
      const { result } = await run({ containerUrl: viaProxy(containerSasUrl(az, 'paused'), proxy), folder }, (e, dl) => {
        if (e.type === 'status') statuses.push(e.status);
        if (e.type === 'progress' && pausedAt < 0 && e.total.fetched >= 2 * MB) {
          pausedAt = e.total.fetched;
          dl.pause();
        }
        // Resume on the first progress event that shows nothing in flight while paused.
        if (e.type === 'progress' && dl.status === 'paused' && e.total.streams === 0) dl.resume();
      });
      expect(statuses).toEqual(['running', 'paused', 'running', 'completed']);
      expect(result.status).toBe('completed');
      expect(result.fetched).toBe(big.length); // nothing fetched twice across the pause
      expect(readFileSync(join(folder, 'big.bin')).equals(big)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('a blob replaced mid-way starts over instead of splicing two versions', async () => {
    const old = randomBytes(8 * MB);
    const fresh = randomBytes(8 * MB);
    const c = await container('replaced', { 'big.bin': old });
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: 2 * MB });
    const folder = tempDir();
    let replaced: Promise<void> | null = null;
    try {
      const { result, events } = await run({ containerUrl: viaProxy(containerSasUrl(az, 'replaced'), proxy), folder }, (e) => {
        if (e.type === 'progress' && !replaced && e.total.fetched >= 2 * MB) {
          // Replace the blob, then drop the link: the next range request carries the old ETag.
          replaced = c.getBlockBlobClient('big.bin').uploadData(fresh).then(() => proxy.cutAll());
        }
      });
      await replaced;
      expect(result.status).toBe('completed');
      expect(events.some((e) => e.type === 'file-restarted' && /changed/.test(e.reason))).toBe(true);
      expect(result.files[0].restarts).toBe(1);
      expect(readFileSync(join(folder, 'big.bin')).equals(fresh)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('a blob whose bytes do not match its Content-MD5 fails the file and leaves nothing under its name', async () => {
    const body = randomBytes(300_000);
    const c = await container('bad-md5', { 'data.bin': body });
    await c.getBlobClient('data.bin').setHTTPHeaders({ blobContentMD5: createHash('md5').update('something else').digest() });
    const folder = tempDir();
    const { result } = await run({ containerUrl: containerSasUrl(az, 'bad-md5'), folder });
    expect(result.status).toBe('failed');
    expect(result.files[0].error?.message).toMatch(/Content-MD5/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('checks a matching Content-MD5 when the service has one', async () => {
    const body = randomBytes(200_000);
    const c = await container('good-md5', { 'data.bin': body });
    await c.getBlobClient('data.bin').setHTTPHeaders({ blobContentMD5: createHash('md5').update(body).digest() });
    const { result } = await run({ containerUrl: containerSasUrl(az, 'good-md5'), folder: tempDir() });
    expect(result.status).toBe('completed');
    expect(result.files[0].checks).toEqual(['size', 'content-md5']);
  });

  it('a truncated dump is caught by the archive check', async () => {
    const dumpName = readdirSync(SAMPLE).find((f) => f.includes('_database_shop'))!;
    const dump = readFileSync(join(SAMPLE, dumpName));
    await container('truncated', { [dumpName]: dump.subarray(0, Math.floor(dump.length * 0.6)) });
    const folder = tempDir();
    const { result, events } = await run({ containerUrl: containerSasUrl(az, 'truncated'), folder });
    expect(result.status).toBe('failed');
    expect(result.files[0].error?.code).toBe('archive-truncated');
    expect(events.some((e) => e.type === 'file-complete')).toBe(false);
    expect(existsSync(join(folder, dumpName))).toBe(false);
  });

  it('lists hostile blob names as skipped with a reason, never writing outside the folder', async () => {
    await container('hostile', { 'deep/escape.txt': Buffer.from('x'), 'dir/.hidden': Buffer.from('y'), 'ok/file.txt': Buffer.from('z'), 'OK/FILE.TXT': Buffer.from('w') });
    const folder = tempDir();
    const { result } = await run({ containerUrl: containerSasUrl(az, 'hostile'), folder });
    expect(result.status).toBe('completed');
    expect(readdirSync(folder).sort()).toEqual([MANIFEST, 'FILE.TXT', 'escape.txt']); // listing order: 'OK/FILE.TXT' sorts first
    expect(result.skipped.map((s) => s.blob).sort()).toEqual(['dir/.hidden', 'ok/file.txt'].sort());
  });
});
