/** pg_dump a database of a cluster in the archive variants verification must read: seekable or piped, compressed or -Z0. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Cluster } from './pg-cluster';

/** One way to write a custom-format archive. */
export interface DumpVariant {
  name: string;
  piped: boolean;
  compress: string | null;
}

export const DUMP_VARIANTS: DumpVariant[] = [
  { name: 'seekable, compressed', piped: false, compress: null },
  { name: 'seekable, -Z0', piped: false, compress: '0' },
  { name: 'piped, compressed', piped: true, compress: null },
  { name: 'piped, -Z0', piped: true, compress: '0' },
];

/** Dumps `database` in that variant into `dir`; resolves with the file's path. */
export function dumpVariant(cluster: Cluster, database: string, v: DumpVariant, dir: string): Promise<string> {
  const file = join(dir, `${database}-${v.piped ? 'piped' : 'file'}-${v.compress ?? 'z'}.dump`);
  const args = ['-Fc', '-w', ...(v.compress ? ['-Z', v.compress] : []), ...(v.piped ? [] : ['-f', file])];
  const env = { ...process.env, LC_ALL: 'C', PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user, PGPASSWORD: cluster.password, PGDATABASE: database };
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', args, { env, stdio: ['ignore', v.piped ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    const copied = v.piped ? pipeline(child.stdout!, createWriteStream(file)) : Promise.resolve();
    child.once('error', reject);
    child.once('close', (code) => copied.then(() => (code === 0 ? resolve(file) : reject(new Error(`pg_dump failed: ${stderr}`))), reject));
  });
}
