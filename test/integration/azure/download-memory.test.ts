/** Peak memory of a real `pgflex-restore download` child (the built command line, as it ships) on a large blob stays bounded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';
import { BIN } from '../../support/cli';

const PEAK_RSS = fileURLToPath(new URL('../../support/peak-rss.mjs', import.meta.url));
const MB = 1024 * 1024;
const SIZE = 400 * MB;

let az: Azurite;
let folder = '';
let md5 = '';

/** `size` pseudo-random bytes as a stream (1 MiB blocks, repeated keys: cheap to make, not compressible). */
function pseudoRandom(size: number, hash: ReturnType<typeof createHash>): Readable {
  const block = randomBytes(MB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const b = Buffer.from(block);
      b.writeUInt32LE(sent / MB, 0); // every block differs, so a misplaced range would be caught
      hash.update(b);
      sent += b.length;
      this.push(b);
    },
  });
}

beforeAll(async () => {
  az = await startAzurite();
  const c = az.service().getContainerClient('large');
  await c.create();
  const h = createHash('md5');
  await c.getBlockBlobClient('large.bin').uploadStream(pseudoRandom(SIZE, h), 4 * MB, 4);
  md5 = h.digest('hex');
  folder = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
});
afterAll(async () => {
  await az?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('download memory', () => {
  it(`keeps peak RSS under 150 MB for a ${SIZE / MB} MB blob`, async () => {
    const child = spawn(process.execPath, ['--import', PEAK_RSS, BIN, 'download', '--container-url', containerSasUrl(az, 'large'), '--to', folder, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr + stdout.slice(-2000)).toBe(0);
    const peakKb = Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1]);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb / 1024).toBeLessThan(150);
    expect(statSync(join(folder, 'large.bin')).size).toBe(SIZE);
    const got = createHash('md5');
    for await (const chunk of createReadStream(join(folder, 'large.bin'))) got.update(chunk as Buffer);
    expect(got.digest('hex')).toBe(md5);
    console.log(`peak RSS ${(peakKb / 1024).toFixed(0)} MB for ${SIZE / MB} MB`);
  });
});
