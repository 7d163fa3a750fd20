/**
 * Vitest global setup: one real PostgreSQL cluster for the whole run, shared through `inject('pg')`,
 * and the built command line (bin/pgflex-restore.mjs runs it), built once here so parallel test
 * files that start the CLI never race to build it. Every temporary file of the run — the tests',
 * and those of the CLIs, servers and browsers they start — goes into one folder (TMPDIR, which the
 * test processes and their children inherit) that is removed at the end: a run used to leave about
 * seventy folders in /tmp, token caches of the sign-in tests among them.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from './pg-cluster';

export interface PgInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgInfo;
    /** Where the run's one renderer build goes (see shared-renderer.ts). */
    rendererDir: string;
  }
}

let cluster: Cluster | undefined;
let rendererDir: string | undefined;
let runTmp: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  runTmp = mkdtempSync(join(tmpdir(), 'pgflex-test-run-'));
  chmodSync(runTmp, 0o755); // the test clusters run as the postgres user, in folders inside
  process.env.TMPDIR = runTmp;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/cli-bundle.mjs', import.meta.url))], { stdio: 'inherit' });
  rendererDir = mkdtempSync(join(tmpdir(), 'pgflex-test-renderer-'));
  project.provide('rendererDir', rendererDir);
  cluster = await startCluster();
  project.provide('pg', { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (rendererDir) {
    rmSync(rendererDir, { recursive: true, force: true });
    rmSync(`${rendererDir}.lock`, { recursive: true, force: true });
  }
  if (runTmp) rmSync(runTmp, { recursive: true, force: true });
}
