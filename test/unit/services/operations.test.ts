/**
 * The operation table's argument checks, as every call from the renderer meets them (IPC and the
 * browser bridge): counts, types, bounds, allow-lists, ids and plain file names, each refused with
 * a bad-argument problem naming the argument; and the folder rule behind every path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ReplayOptions, TargetInput } from '../../../electron/contract';
import { UserError } from '../../../electron/core/errors';
import { OPERATIONS, OPERATION_NAMES, type ArgsOut, type OperationName } from '../../../electron/operations';
import { parseArgs } from '../../../electron/services/dispatch';
import { existingFolder, OpenedFolders } from '../../../electron/services/restore-sets/opened-folders';

/** The problem a call is refused with. */
const refusal = async (fn: () => unknown): Promise<UserError> => {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
};
const refused = async (name: OperationName, args: unknown[]) => refusal(() => parseArgs(name, args));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-operations-'));
  await writeFile(join(dir, 'a-file'), 'x');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the table', () => {
  it('lists every operation once, each with a tuple schema', () => {
    expect(new Set(OPERATION_NAMES).size).toBe(OPERATION_NAMES.length);
    for (const name of OPERATION_NAMES) expect(OPERATIONS[name].args.def.type).toBe('tuple');
  });
  it('gives handlers the contract\'s own types', () => {
    expectTypeOf<ArgsOut<'planReplay'>[0]['options']>().toEqualTypeOf<ReplayOptions>();
    expectTypeOf<ArgsOut<'checkTarget'>[1]>().toEqualTypeOf<TargetInput>();
  });
  it('bounds the argument count and says so', async () => {
    expect((await refused('getSettings', ['surplus'])).message).toBe('getSettings takes 0 arguments; it got 1.');
    expect((await refused('archiveContents', ['/x'])).message).toBe('archiveContents takes 2 arguments; it got 1.');
    expect((await refusal(() => parseArgs('openSet', 'not a list' as never))).code).toBe('bad-argument');
  });
});

describe('file names and folders', () => {
  it('accepts plain names, spaces and non-ASCII included', () => {
    expect(parseArgs('readTextFile', ['/set', 'x_database_Café Analytics.sql'])).toEqual(['/set', 'x_database_Café Analytics.sql']);
  });
  it.each(['..', '.', '../etc/passwd', 'a/b', 'a\\b', 'C:evil', '', 'x\0y'])('refuses the file name %j', async (name) => {
    expect((await refused('readTextFile', ['/set', name])).code).toBe('bad-argument');
  });
  it('accepts an absolute existing folder and normalises it', async () => {
    expect(await existingFolder(`${dir}/./`)).toBe(dir);
  });
  it('refuses relative paths, missing folders and files', async () => {
    expect((await refusal(() => existingFolder('relative/dir'))).code).toBe('bad-argument');
    expect((await refusal(() => existingFolder(join(dir, 'nope')))).code).toBe('folder-missing');
    expect((await refusal(() => existingFolder(join(dir, 'a-file')))).code).toBe('folder-missing');
    expect((await refused('openSet', [{ path: dir }])).message).toBe('Folder must be text.');
    expect((await refused('openSet', [`${dir}\0x`])).message).toBe('Folder contains a NUL character.');
  });
  it('knows only the folders it was told of, by their real path', async () => {
    const folders = new OpenedFolders();
    expect(await folders.has(dir)).toBe(false);
    await expect(folders.check(dir)).rejects.toMatchObject({ code: 'bad-argument', message: `The folder ${dir} was not opened in this session.` });
    expect(await folders.admit(`${dir}/.`)).toBe(dir);
    expect(await folders.check(dir)).toBe(dir);
  });
});

describe('scalars', () => {
  it('bounds numbers, strings, enums and ids', async () => {
    expect(parseArgs('report', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'json'])).toEqual(['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'json']);
    expect((await refused('report', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'html'])).message).toBe('Format must be one of markdown, json.');
    expect((await refused('report', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'toString'])).code).toBe('bad-argument');
    expect((await refused('report', ['../../x', 'json'])).message).toBe('Run id is not a valid id.');
    expect((await refused('retryDatabase', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'é'.repeat(32)])).message).toMatch(/longer than 63 bytes/); // 64 bytes
    expect(parseArgs('retryDatabase', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'é'.repeat(31)])[1]).toHaveLength(31);
    expect((await refused('readTextFile', ['x'.repeat(4097), 'f'])).message).toBe('Folder is too long (more than 4096 characters).');
  });
  it('allows only http(s) links', async () => {
    expect(parseArgs('openExternal', ['https://learn.microsoft.com/azure'])).toEqual(['https://learn.microsoft.com/azure']);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 'ms-settings:']) {
      expect((await refused('openExternal', [bad])).message).toBe('Link must be an http or https address.');
    }
  });
});

describe('target input', () => {
  const server = { kind: 'server', host: 'db.example.com', port: 5432, user: 'admin', password: 's3cret', database: 'postgres', sslmode: 'require' };
  it('accepts a server and the sandbox, names the set or none', () => {
    expect(parseArgs('checkTarget', ['/set', server])).toEqual(['/set', server]);
    expect(parseArgs('checkTarget', [null, { kind: 'sandbox' }])).toEqual([null, { kind: 'sandbox' }]);
    expect(parseArgs('checkTarget', [null, { ...server, database: '' }])[1]).toEqual({ ...server, database: 'postgres' });
    expect(parseArgs('checkTarget', [null, { ...server, host: ' db.example.com ' }])[1]).toEqual(server);
  });
  it.each([
    ['bad port', { ...server, port: 70000 }, 'Port must be a whole number from 1 to 65535.'],
    ['port as text', { ...server, port: '5432' }, 'Port must be a whole number from 1 to 65535.'],
    ['unknown sslmode', { ...server, sslmode: 'allow-everything' }, 'SSL mode must be one of disable, prefer, require, verify-ca, verify-full.'],
    ['host with a space', { ...server, host: 'a b' }, /^Host is not a host name or address/],
    ['extra field', { ...server, uri: 'postgres://x' }, 'Target has unexpected fields.'],
    ['sandbox with extras', { kind: 'sandbox', host: 'x' }, 'Target has unexpected fields.'],
    ['not an object', 'postgres://admin@db', 'Target must be a server or the sandbox.'],
  ])('refuses %s', async (_name, value, message) => {
    const err = await refused('checkTarget', [null, value]);
    expect(err.code).toBe('bad-argument');
    expect(err.message).toMatch(message);
  });
});

describe('replay options', () => {
  const options = {
    jobs: 2, includeSystem: false, existing: 'fail', rename: { shop: 'shop_restored' }, owner: 'auto', noPrivileges: false,
    singleTransaction: false, roles: true, schemaFile: false, tablespacesFile: false,
  };
  const request = (o: unknown) => ({ folder: '/set', targetId: '0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', options: o });
  it('accepts valid options', () => {
    expect(parseArgs('planReplay', [request({ ...options, databases: ['shop'] })])[0].options).toEqual({ ...options, databases: ['shop'] });
  });
  it('keeps a "__proto__" rename as an own key, never on the prototype', () => {
    const parsed = parseArgs('planReplay', [request({ ...options, rename: JSON.parse('{"__proto__":"x"}') })])[0].options;
    expect(Object.getPrototypeOf(parsed.rename)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed.rename, '__proto__')).toBe(true);
    expect(parsed.rename.__proto__).toBe('x');
  });
  it.each([
    ['jobs 0', { ...options, jobs: 0 }, 'Jobs must be a whole number from 1 to 64.'],
    ['jobs 1000', { ...options, jobs: 1000 }, 'Jobs must be a whole number from 1 to 64.'],
    ['existing policy', { ...options, existing: 'drop-everything' }, 'When a database exists must be one of fail, skip, replace.'],
    ['owner policy', { ...options, owner: 'root' }, 'Owners must be one of auto, keep, no-owner.'],
    ['truthy bool', { ...options, roles: 'yes' }, 'roles must be true or false.'],
    ['databases not a list', { ...options, databases: 'shop' }, 'Options.databases must be a list of names.'],
    ['rename to a too long name', { ...options, rename: { shop: 'x'.repeat(64) } }, 'New name for "shop" is longer than 63 bytes (PostgreSQL names are at most 63 bytes).'],
    ['unknown option', { ...options, shell: 'rm -rf /' }, 'Options has an unexpected field.'],
  ])('refuses %s', async (_name, value, message) => {
    expect((await refused('planReplay', [request(value)])).message).toBe(message);
  });
});

describe('settings patch', () => {
  it('accepts known fields; the client tools folder can only be cleared', async () => {
    expect(parseArgs('setSettings', [{ theme: 'dark', defaultJobs: 4, clientToolsPath: '' }])).toEqual([{ theme: 'dark', defaultJobs: 4, clientToolsPath: null }]);
    expect(parseArgs('setSettings', [{ theme: 'light' }])).toEqual([{ theme: 'light' }]);
    expect((await refused('setSettings', [{ clientToolsPath: '/home/me/tools' }])).message).toMatch(/chosen with Settings/);
    expect((await refused('setSettings', [{ recent: [] }])).message).toMatch(/unexpected field/);
    expect((await refused('setSettings', [{ theme: 'neon' }])).message).toBe('Theme must be one of light, dark, system.');
  });
});
