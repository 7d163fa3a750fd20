/**
 * Starts the real Azurite blob service (npm `azurite`) as a child process on a free loopback port,
 * with its own on-disk workspace so that data survives `restart()` (the "stopped mid-download and
 * restarted" fault test needs that). For tests and the download benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BlobSASPermissions,
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { anyFreePort } from '../../electron/core/sandbox/port';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** Path-style blob endpoint, e.g. `http://127.0.0.1:41234/devstoreaccount1`. */
  endpoint: string;
  host: string;
  port: number;
  account: string;
  key: string;
  /** The workspace folder (kept across restart, removed by stop). */
  location: string;
  /** A client authorised with the account key. */
  service(): BlobServiceClient;
  credential(): StorageSharedKeyCredential;
  /** Stops the server (cleanly, so its data is flushed) but keeps its data; `start()` brings it back on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** kill() then start(). */
  restart(): Promise<void>;
  /** Kills the server and removes its workspace. */
  stop(): Promise<void>;
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('azurite/package.json');
  return join(dirname(pkg), 'dist', 'src', 'blob', 'main.js');
}

/** The parent's environment without AZURITE_ACCOUNTS (which would replace the well-known account). */
function azuriteEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;
  return env;
}

/** Starts Azurite's blob service; `opts.port` pins the port (default: a free one). */
export async function startAzurite(opts: { port?: number; loose?: boolean } = {}): Promise<Azurite> {
  const port = opts.port ?? (await anyFreePort());
  const host = '127.0.0.1';
  const location = mkdtempSync(join(tmpdir(), 'pgflex-azurite-'));
  let child: ChildProcess | undefined;
  let stopping: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    await stopping; // the port is free only once the old server has exited
    if (child) return;
    const args = [
      azuriteBlobMain(), '--blobHost', host, '--blobPort', String(port), '--location', location,
      '--skipApiVersionCheck', '--disableTelemetry', '--silent',
      ...(opts.loose ? ['--loose'] : []),
    ];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: azuriteEnv() });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (b: Buffer): void => {
        out += b.toString();
        if (/successfully listens/i.test(out)) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      proc.once('exit', (code) => {
        child = undefined;
        reject(new Error(`Azurite exited (${code}) before listening: ${out.slice(-2000)}`));
      });
    });
    proc.stdout!.resume();
    proc.stderr!.resume();
  };

  const kill = (): Promise<void> => (stopping = stopping.then(() => killNow()));
  const killNow = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    // SIGTERM: Azurite flushes its metadata database (LokiJS, saved on an interval) on a clean
    // close; SIGKILL would lose the blobs written since the last save. SIGKILL only if it hangs.
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  };

  await start();
  const endpoint = `http://${host}:${port}/${AZURITE_ACCOUNT}`;
  const credential = (): StorageSharedKeyCredential => new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
  return {
    endpoint, host, port, account: AZURITE_ACCOUNT, key: AZURITE_KEY, location,
    credential,
    service: () => new BlobServiceClient(endpoint, credential()),
    kill,
    start,
    restart: async () => {
      await kill();
      await start();
    },
    stop: async () => {
      await kill();
      rmSync(location, { recursive: true, force: true });
    },
  };
}

/** A container SAS URL (read + list by default) valid for `hours`, signed with the account key. */
export function containerSasUrl(
  az: Pick<Azurite, 'endpoint' | 'credential'>,
  container: string,
  opts: { permissions?: string; hours?: number } = {},
): string {
  const expiresOn = new Date(Date.now() + (opts.hours ?? 2) * 3600_000);
  const sas = generateBlobSASQueryParameters(
    { containerName: container, permissions: ContainerSASPermissions.parse(opts.permissions ?? 'rl'), expiresOn },
    az.credential(),
  ).toString();
  return `${az.endpoint}/${container}?${sas}`;
}

/** A blob SAS URL (read by default). */
export function blobSasUrl(
  az: Pick<Azurite, 'endpoint' | 'credential'>,
  container: string,
  blob: string,
  opts: { permissions?: string; hours?: number } = {},
): string {
  const expiresOn = new Date(Date.now() + (opts.hours ?? 2) * 3600_000);
  const sas = generateBlobSASQueryParameters(
    { containerName: container, blobName: blob, permissions: BlobSASPermissions.parse(opts.permissions ?? 'r'), expiresOn },
    az.credential(),
  ).toString();
  return `${az.endpoint}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}?${sas}`;
}
