/**
 * Vitest global setup: one real PostgreSQL cluster for the whole run, shared through `inject('pg')`,
 * and the built command line (bin/pgflex-restore.mjs runs it), built once here so parallel test
 * files that start the CLI never race to build it.
 */
import { execFileSync } from 'node:child_process';
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
  }
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/cli-bundle.mjs', import.meta.url))], { stdio: 'inherit' });
  cluster = await startCluster();
  project.provide('pg', { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
