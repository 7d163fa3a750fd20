/** Vitest global setup: one real PostgreSQL cluster for the whole run, shared through `inject('pg')`. */
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
  cluster = await startCluster();
  project.provide('pg', { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
