/**
 * End to end through the CLI: token → vaults → instances → points in a window → restore with
 * checks → job tracked through a 429 and "Inprogress" polls → download → replay into real
 * PostgreSQL → data verified against the source. Then the faults: a failed job, a failed check,
 * an expired token. ARM is the test server; the files travel through a real Azurite.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { INSTANCE_ID, SUB, VAULT_ID, VAULT_PRINCIPAL, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';
import { cli } from '../../support/cli';
import { pgInfo, superUri, uniq } from '../../support/pg';
import { fingerprint, makeSource, type Source } from '../../support/restore-set';

let azurite: Azurite;
let arm: ArmServer;
let source: Source;
const world = new World();
const saved = { token: process.env.AZURE_ACCESS_TOKEN, endpoint: process.env.PGFLEX_ARM_ENDPOINT, config: process.env.PGFLEX_CONFIG_DIR };

const SHOP = `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 5000) i;
  CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric(10,2));
  INSERT INTO orders SELECT i, 1 + i % 5000, (i % 977) / 10.0 FROM generate_series(1, 20000) i;`;

beforeAll(async () => {
  source = await makeSource([{ name: 'shop', setupSql: SHOP }]);
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: source.set.outDir, world });
  process.env.PGFLEX_ARM_ENDPOINT = arm.url;
  process.env.PGFLEX_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'pgflex-config-'));
  process.env.AZURE_ACCESS_TOKEN = world.issue({ user: 'owner' });
});

afterAll(async () => {
  for (const [k, v] of [['AZURE_ACCESS_TOKEN', saved.token], ['PGFLEX_ARM_ENDPOINT', saved.endpoint], ['PGFLEX_CONFIG_DIR', saved.config]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await arm?.stop();
  await azurite?.stop();
  await source?.cluster.stop();
});

describe('pgflex-restore azure, end to end', () => {
  it('finds the backup, restores it into a fresh container, downloads and replays it; the data matches the source', async () => {
    const account = await cli('azure', 'account', '--json');
    expect(account.code).toBe(0);
    expect(account.json[0]).toMatchObject({ armEndpoint: arm.url, subscriptions: [{ subscriptionId: SUB }] });

    const vaults = await cli('azure', 'vaults', '--subscription', SUB, '--json');
    const vault = (vaults.json[0].vaults as Array<{ id: string; name: string }>).find((x) => x.name === 'vault-pg')!;
    expect(vault.id).toBe(VAULT_ID);
    const instances = await cli('azure', 'instances', '--vault', vault.id, '--json');
    expect((instances.json[0].instances as Array<{ id: string }>).map((i) => i.id)).toEqual([INSTANCE_ID]);
    const points = await cli('azure', 'points', '--instance', INSTANCE_ID, '--from', '2024-04-09T00:00:00Z', '--to', '2024-04-11T00:00:00Z', '--json');
    const [point] = points.json[0].points as Array<{ recoveryPointId: string; time: string }>;
    expect(point.time).toBe('2024-04-10T10:30:46.230Z');

    world.faults.throttleJobReads = 1;
    const folder = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
    const restore = await cli('azure', 'restore', '--instance', INSTANCE_ID, '--point', point.recoveryPointId, '--account-url', azurite.endpoint,
      '--wait', '--download-to', folder, '--poll-interval', '0.01', '--json');
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const types = restore.json.map((j) => j.type);
    expect(types.slice(0, 6)).toEqual(['checks', 'container-created', 'validating', 'validated', 'submitting', 'submitted']);
    expect((restore.json[0] as { ok: boolean }).ok).toBe(true);
    const polls = restore.json.filter((j) => j.type === 'job').map((j) => (j.job as { statusRaw: string }).statusRaw);
    expect(polls).toEqual(['InProgress', 'InProgress', 'Completed']);
    expect(world.log.some((l) => /backupJobs/.test(l.path) && l.status === 429)).toBe(true);
    expect(world.log.some((l) => /operationStatus/.test(l.path))).toBe(true);
    const result = restore.json.find((j) => j.type === 'result')!.job as { status: string; bytesTransferred: number };
    expect(result.status).toBe('completed');
    expect(result.bytesTransferred).toBeGreaterThan(0);
    expect(readdirSync(folder).sort()).toEqual(['.pgflex-download.json', ...readdirSync(source.set.outDir)].sort()); // and the manifest of finished files

    const target = `shop_${uniq()}`;
    const replay = await cli('replay', folder, '--target', superUri(), '--databases', 'shop', '--rename', `shop=${target}`, '--no-roles', '--json');
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    const { host, port, user, password } = pgInfo();
    expect(await fingerprint({ host, port, user, password }, target)).toEqual(await fingerprint(source.cluster, 'shop'));
  });

  it('a job that Azure fails shows its code, message and recommended action and exits non-zero', async () => {
    const roles = world.roleAssignments;
    world.roleAssignments = [];
    try {
      const r = await cli('azure', 'restore', '--instance', INSTANCE_ID, '--point', world.recoveryPoints[2].id, '--account-url', azurite.endpoint, '--skip-checks', '--wait', '--poll-interval', '0.01');
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('UserErrorMSIMissingPermissions');
      expect(r.stderr).toContain('Assign the Storage Blob Data Contributor role');
      expect(r.stdout).toMatch(/Job [0-9a-f-]{36}: Failed/);
    } finally {
      world.roleAssignments = roles;
    }
  });

  it('refuses to send a restore whose checks fail, saying what to change; unknown checks only warn', async () => {
    const roles = world.roleAssignments;
    world.roleAssignments = [];
    world.storage.allowCrossTenantReplication = false;
    const jobsBefore = world.jobs.size;
    try {
      const r = await cli('azure', 'restore', '--instance', INSTANCE_ID, '--point', world.recoveryPoints[2].id, '--account-url', azurite.endpoint);
      expect(r.code).toBe(5);
      expect(r.stdout).toContain('✗ Cross-tenant replication');
      expect(r.stdout).toContain('az storage account update -g rg-storage -n devstoreaccount1 --allow-cross-tenant-replication true');
      expect(r.stdout).toContain('az role assignment create');
      expect(r.stderr).toContain('--grant-role');
      expect(world.jobs.size).toBe(jobsBefore);

      world.storage.allowCrossTenantReplication = true;
      const reader = world.issue({ user: 'reader' });
      const owner = process.env.AZURE_ACCESS_TOKEN;
      process.env.AZURE_ACCESS_TOKEN = reader;
      try {
        const dry = await cli('azure', 'restore', '--instance', INSTANCE_ID, '--point', world.recoveryPoints[2].id, '--account-url', azurite.endpoint, '--poll-interval', '0.01');
        expect(dry.stdout).toContain("? Vault's identity has Storage Blob Data Contributor");
        expect(dry.stdout).toContain('! Not checked');
      } finally {
        process.env.AZURE_ACCESS_TOKEN = owner;
      }
    } finally {
      world.roleAssignments = roles;
      world.storage.allowCrossTenantReplication = true;
    }
  });

  it('--grant-role grants the missing role to the vault identity, then sends the restore', async () => {
    const roles = world.roleAssignments;
    world.roleAssignments = [];
    try {
      const r = await cli('azure', 'restore', '--instance', INSTANCE_ID, '--point', world.recoveryPoints[3].id, '--account-url', azurite.endpoint, '--grant-role', '--poll-interval', '0.01', '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.map((j) => j.type)).toContain('role-granted');
      expect(world.roleAssignments).toEqual([expect.objectContaining({ principalId: VAULT_PRINCIPAL, roleDefinitionId: expect.stringMatching(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/) })]);
      expect(r.json.at(-1)).toMatchObject({ type: 'result', job: { status: 'in-progress' } });
    } finally {
      world.roleAssignments = roles;
    }
  });

  it('an expired token ends in one clear "sign in again", exit 4', async () => {
    const owner = process.env.AZURE_ACCESS_TOKEN;
    process.env.AZURE_ACCESS_TOKEN = world.issue({ user: 'owner', expired: true });
    try {
      const before = world.log.length;
      const r = await cli('azure', 'vaults', '--subscription', SUB);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('ExpiredAuthenticationToken');
      expect(r.stderr.match(/Sign in again/g)).toHaveLength(1);
      expect(world.log.length - before).toBe(1);
    } finally {
      process.env.AZURE_ACCESS_TOKEN = owner;
    }
  });

  it('without a sign-in or AZURE_ACCESS_TOKEN: "not signed in", exit 4, nothing sent to ARM', async () => {
    const owner = process.env.AZURE_ACCESS_TOKEN;
    delete process.env.AZURE_ACCESS_TOKEN;
    try {
      const before = world.log.length;
      const r = await cli('azure', 'instances', '--vault', VAULT_ID);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('Not signed in to Azure');
      expect(r.stderr).toContain('pgflex-restore azure login');
      expect(world.log.length).toBe(before);
      expect((await cli('azure', 'logout')).stdout).toContain('No one was signed in');
    } finally {
      process.env.AZURE_ACCESS_TOKEN = owner;
    }
  });

  it('picks a job up again later by its ARM path', async () => {
    const [job] = [...world.jobs.values()].filter((j) => j.status === 'Completed');
    const r = await cli('azure', 'job', job.id, '--json');
    expect(r.code).toBe(0);
    expect(r.json.at(-1)).toMatchObject({ type: 'result', job: { status: 'completed', jobId: job.guid } });
    const bare = await cli('azure', 'job', job.guid);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--vault');
  });
});
