/**
 * Benchmark: the container downloader against (a) one plain GET per blob with curl, one after the
 * other, and (b) AzCopy, on the same blobs in a real Azurite (one big, several small) — twice: on
 * plain loopback, where the CPU is the limit, and through a test proxy that holds each connection
 * to a fixed rate with added latency, as a long-distance link does. Each run is a child process
 * under GNU time, so its peak memory is measured the same way for all three; the downloader runs
 * as the built command line (bin/pgflex-restore.mjs, no TypeScript loader), as it ships: its
 * start-up (Node, loading the SDK) is part of its time, as curl's and AzCopy's are of theirs. The
 * loopback comparison is the median of `--rounds` interleaved rounds (the proxy's, one round).
 *
 *   node bin/run-ts.mjs scripts/bench-download.ts [--big-mb 300] [--small 6] [--rate-mb 8] [--rtt-ms 40] [--memory-gb 1] [--rounds 3]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { containerSasUrl, blobSasUrl, startAzurite, type Azurite } from '../test/support/azurite';
import { startSlowProxy } from '../test/support/slow-proxy';
// @ts-expect-error -- plain JavaScript module without types
import { ensureBuilt } from '../bin/cli-bundle.mjs';

const MB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AZCOPY_SRC = join(ROOT, 'node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** `size` bytes, every MiB different, streamed (the big blob never sits in memory). */
function blobStream(size: number): Readable {
  const block = randomBytes(MB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const b = Buffer.from(block.subarray(0, Math.min(MB, size - sent)));
      b.writeUInt32LE(sent / MB, 0);
      sent += b.length;
      this.push(b);
    },
  });
}

interface Run {
  seconds: number;
  peakMb: number;
  /** The downloader's own duration (its `end` event), without process start-up. */
  inProcess?: number;
}

/** Runs a command under GNU time; returns wall time and peak RSS. Throws when it fails. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let last = '';
    child.stdout.on('data', (b: Buffer) => (last = (last + b.toString()).slice(-20000)));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${stderr.slice(-1500)}`));
      const end = /\{"type":"end".*"durationMs":(\d+)/.exec(last);
      if (code !== 0) return;
      resolve({ seconds, peakMb: kb / 1024, ...(end ? { inProcess: Number(end[1]) / 1000 } : {}) });
    });
  });
}

/** Sum of one plain GET per blob, one after the other (peak = the largest single curl). */
async function singleStream(urls: Array<{ url: string; file: string }>, dir: string): Promise<Run> {
  let seconds = 0;
  let peakMb = 0;
  for (const { url, file } of urls) {
    const r = await timed('curl', ['-sSf', '-o', join(dir, file), url]);
    seconds += r.seconds;
    peakMb = Math.max(peakMb, r.peakMb);
  }
  return { seconds, peakMb };
}

function checkFolder(dir: string, expected: Map<string, number>): void {
  for (const [file, size] of expected) {
    const got = statSync(join(dir, file), { throwIfNoEntry: false })?.size;
    if (got !== size) throw new Error(`${dir}/${file}: ${got ?? 'missing'} bytes, expected ${size}`);
  }
}

const METHODS = ['single', 'downloader', 'azcopy'] as const;

/** The run of median time among `runs` (its peak memory the highest seen). */
function medianRun(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/**
 * The three methods on one origin (Azurite itself or the proxy in front of it), in `rounds`
 * interleaved rounds whose order rotates; each method's median. Azurite's own CPU for the same
 * GET varies severalfold between runs on this kind of machine, so a single run is noise.
 */
async function round(label: string, az: Azurite, origin: string, cli: string, azcopy: string, expected: Map<string, number>, work: string, rounds = 1) {
  const swap = (u: string) => origin + u.slice(`http://${az.host}:${az.port}`.length);
  const container = swap(containerSasUrl(az, 'bench'));
  const blobs = [...expected.keys()].map((file) => ({ file, url: swap(blobSasUrl(az, 'bench', file)) }));
  const runs: Record<string, Run[]> = { single: [], downloader: [], azcopy: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < METHODS.length; k++) {
      const method = METHODS[(k + r) % METHODS.length];
      runs[method].push(await once(method, blobs, container, cli, azcopy, expected, work));
    }
  }
  const results = Object.fromEntries(METHODS.map((m) => [m, medianRun(runs[m])])) as Record<(typeof METHODS)[number], Run>;
  const total = [...expected.values()].reduce((a, b) => a + b, 0) / MB;
  console.log(`\n-- ${label} (${total.toFixed(0)} MB in ${expected.size} blobs; median of ${rounds} interleaved round${rounds === 1 ? '' : 's'}) --`);
  for (const [m, r] of Object.entries(results)) {
    const own = r.inProcess !== undefined ? `  (${r.inProcess.toFixed(2)} s after start-up)` : '';
    const all = rounds > 1 ? `  [${runs[m].map((x) => x.seconds.toFixed(2)).join(', ')} s]` : '';
    console.log(`  ${m.padEnd(11)} ${r.seconds.toFixed(2).padStart(7)} s  ${(total / r.seconds).toFixed(1).padStart(7)} MB/s  peak ${r.peakMb.toFixed(0)} MB${own}${all}`);
  }
  return results;
}

/** One method once, into a fresh folder it must fill exactly. */
async function once(method: (typeof METHODS)[number], blobs: Array<{ url: string; file: string }>, container: string, cli: string, azcopy: string, expected: Map<string, number>, work: string): Promise<Run> {
  const dir = mkdtempSync(join(work, `${method}-`));
  try {
    if (method === 'single') {
      const r = await singleStream(blobs, dir);
      checkFolder(dir, expected);
      return r;
    }
    if (method === 'downloader') {
      const r = await timed(process.execPath, [cli, 'download', '--container-url', container, '--to', dir, '--json']);
      checkFolder(dir, expected);
      return r;
    }
    const logs = mkdtempSync(join(work, 'azcopy-logs-'));
    const r = await timed(azcopy, ['copy', container, dir, '--recursive', '--from-to', 'BlobLocal', '--log-level', 'ERROR', '--output-level', 'quiet'],
      { ...process.env, AZCOPY_LOG_LOCATION: logs, AZCOPY_JOB_PLAN_LOCATION: logs, AZCOPY_DISABLE_SYSLOG: 'true' });
    const sub = join(dir, 'bench'); // AzCopy puts the container's blobs in a folder named after it
    checkFolder(readdirSync(dir).includes('bench') ? sub : dir, expected);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the download benchmark and prints the ratios against the goals of issue 9. */
export async function benchDownload(): Promise<void> {
  const bigMb = arg('big-mb', 300);
  const small = arg('small', 6);
  const rateMb = arg('rate-mb', 8);
  const rttMs = arg('rtt-ms', 40);
  const memoryGb = arg('memory-gb', 1);
  const rounds = arg('rounds', 3);
  const work = mkdtempSync(join(tmpdir(), 'pgflex-bench-dl-'));
  const az = await startAzurite();
  if (!(await ensureBuilt())) throw new Error('The command line could not be built (npm ci first).');
  const cli = join(ROOT, 'bin/pgflex-restore.mjs');
  const azcopy = join(work, 'azcopy');
  copyFileSync(AZCOPY_SRC, azcopy); // the npm package ships it without the execute bit
  await import('node:fs/promises').then((fs) => fs.chmod(azcopy, 0o755));
  try {
    const c = az.service().getContainerClient('bench');
    await c.create();
    const expected = new Map<string, number>();
    expected.set('big.bin', bigMb * MB);
    await c.getBlockBlobClient('big.bin').uploadStream(blobStream(bigMb * MB), 8 * MB, 4);
    for (let i = 0; i < small; i++) {
      const size = (1 + i) * 512 * 1024;
      expected.set(`small-${i}.bin`, size);
      await c.getBlockBlobClient(`small-${i}.bin`).uploadStream(blobStream(size), 4 * MB, 1);
    }
    const local = await round('plain loopback', az, `http://${az.host}:${az.port}`, cli, azcopy, expected, work, rounds);
    const proxy = await startSlowProxy({ targetHost: az.host, targetPort: az.port, bytesPerSecond: rateMb * MB, rttMs });
    let slow;
    try {
      slow = await round(`through the slow proxy: ${rateMb} MB/s per connection, ${rttMs} ms round trip`, az, proxy.origin, cli, azcopy, expected, work);
    } finally {
      await proxy.stop();
    }
    console.log('\n-- goals --');
    const ratio = (a: Run, b: Run) => (a.seconds / b.seconds).toFixed(2);
    console.log(`  loopback: downloader / single stream = ${ratio(local.downloader, local.single)}× (goal ≤ 1.10); downloader ${local.downloader.seconds < local.azcopy.seconds ? 'faster' : 'SLOWER'} than AzCopy (${ratio(local.downloader, local.azcopy)}×)`);
    console.log(`  proxy:    single stream / downloader = ${ratio(slow.single, slow.downloader)}× faster (goal ≥ 4); downloader / AzCopy time = ${ratio(slow.downloader, slow.azcopy)}× (goal ≤ 1.00)`);
    if (memoryGb > 0) {
      await c.getBlockBlobClient('huge.bin').uploadStream(blobStream(memoryGb * 1024 * MB), 8 * MB, 4);
      const hugeExpected = new Map([['huge.bin', memoryGb * 1024 * MB]]);
      const huge = az.service().getContainerClient('bench-huge');
      await huge.create();
      await huge.getBlobClient('huge.bin').beginCopyFromURL(blobSasUrl(az, 'bench', 'huge.bin')).then((p) => p.pollUntilDone());
      await c.deleteBlob('huge.bin');
      const dir = mkdtempSync(join(work, 'huge-'));
      const r = await timed(process.execPath, [cli, 'download', '--container-url', containerSasUrl(az, 'bench-huge'), '--to', dir]);
      checkFolder(dir, hugeExpected);
      rmSync(dir, { recursive: true, force: true });
      console.log(`  memory:   downloader on a ${memoryGb} GB blob, loopback: peak ${r.peakMb.toFixed(0)} MB in ${r.seconds.toFixed(1)} s (goal ≤ 150 MB)`);
    }
    console.log(`  (load average now ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores: other work shares this machine)`);
  } finally {
    await az.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-download.ts')) {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  await benchDownload();
}
