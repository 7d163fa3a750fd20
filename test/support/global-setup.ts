/**
 * Vitest global setup: one real PostgreSQL cluster for the whole run, shared through `inject('pg')`,
 * and the built command line (bin/pgflex-restore.mjs runs it), built once here so parallel test
 * files that start the CLI never race to build it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

export async function setup(project: TestProject): Promise<void> {
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
}
