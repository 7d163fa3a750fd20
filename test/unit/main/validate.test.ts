import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import {
  checkEnum, checkExistingPath, checkFileName, checkFolder, checkHttpUrl, checkId, checkInt, checkPgName, checkString,
} from '../../../electron/main/services/validate';
import { checkReplayOptions, checkSettingsPatch, checkTargetInput } from '../../../electron/main/services/validate-requests';

const codeOf = async (fn: () => unknown): Promise<string> => {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).code;
  }
  throw new Error('expected a UserError');
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-validate-'));
  await writeFile(join(dir, 'a-file'), 'x');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('folder paths', () => {
  it('accepts an absolute existing folder and normalises it', async () => {
    expect(await checkFolder(`${dir}/./`)).toBe(dir);
  });
  it('refuses relative paths, missing folders, files and non-strings', async () => {
    expect(await codeOf(() => checkFolder('relative/dir'))).toBe('bad-argument');
    expect(await codeOf(() => checkFolder(join(dir, 'nope')))).toBe('folder-missing');
    expect(await codeOf(() => checkFolder(join(dir, 'a-file')))).toBe('folder-missing');
    expect(await codeOf(() => checkFolder({ path: dir }))).toBe('bad-argument');
    expect(await codeOf(() => checkFolder(`${dir}\0x`))).toBe('bad-argument');
  });
  it('accepts an existing file or folder for the client tools path', async () => {
    expect(await checkExistingPath(join(dir, 'a-file'), 'p')).toBe(join(dir, 'a-file'));
    expect(await codeOf(() => checkExistingPath(join(dir, 'missing'), 'p'))).toBe('bad-argument');
  });
});

describe('file names', () => {
  it('accepts plain names, spaces and non-ASCII included', () => {
    expect(checkFileName('x_database_Café Analytics.sql')).toBe('x_database_Café Analytics.sql');
  });
  it.each(['..', '.', '../etc/passwd', 'a/b', 'a\\b', 'C:evil', '', 'x\0y'])('refuses %j', async (name) => {
    expect(await codeOf(() => checkFileName(name))).toBe('bad-argument');
  });
});

describe('scalars', () => {
  it('bounds numbers, strings, enums and ids', async () => {
    expect(checkInt(5, 'n', 1, 10)).toBe(5);
    for (const bad of [0, 11, 2.5, '5', NaN]) expect(await codeOf(() => checkInt(bad, 'n', 1, 10))).toBe('bad-argument');
    expect(await codeOf(() => checkString('x'.repeat(11), 's', { max: 10 }))).toBe('bad-argument');
    expect(checkEnum('json', 'f', ['markdown', 'json'])).toBe('json');
    expect(await codeOf(() => checkEnum('html', 'f', ['markdown', 'json']))).toBe('bad-argument');
    expect(await codeOf(() => checkEnum('toString', 'f', ['markdown', 'json']))).toBe('bad-argument');
    expect(checkId('0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'id')).toBeTruthy();
    expect(await codeOf(() => checkId('../../x', 'id'))).toBe('bad-argument');
    expect(await codeOf(() => checkPgName('é'.repeat(32), 'db'))).toBe('bad-argument'); // 64 bytes
    expect(checkPgName('é'.repeat(31), 'db')).toHaveLength(31);
  });
  it('allows only http(s) links', async () => {
    expect(checkHttpUrl('https://learn.microsoft.com/azure')).toBe('https://learn.microsoft.com/azure');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 'ms-settings:']) {
      expect(await codeOf(() => checkHttpUrl(bad))).toBe('bad-argument');
    }
  });
});

describe('target input', () => {
  const server = { kind: 'server', host: 'db.example.com', port: 5432, user: 'admin', password: 's3cret', database: 'postgres', sslmode: 'require' };
  it('accepts a server and the sandbox', () => {
    expect(checkTargetInput(server)).toEqual(server);
    expect(checkTargetInput({ kind: 'sandbox' })).toEqual({ kind: 'sandbox' });
    expect(checkTargetInput({ ...server, database: '' }).kind === 'server' && checkTargetInput({ ...server, database: '' })).toMatchObject({ database: 'postgres' });
  });
  it.each([
    ['bad port', { ...server, port: 70000 }],
    ['port as text', { ...server, port: '5432' }],
    ['unknown sslmode', { ...server, sslmode: 'allow-everything' }],
    ['host with a space', { ...server, host: 'a b' }],
    ['extra field', { ...server, uri: 'postgres://x' }],
    ['sandbox with extras', { kind: 'sandbox', host: 'x' }],
    ['not an object', 'postgres://admin@db'],
  ])('refuses %s', async (_name, value) => {
    expect(await codeOf(() => checkTargetInput(value))).toBe('bad-argument');
  });
});

describe('replay options', () => {
  const options = {
    jobs: 2, includeSystem: false, existing: 'fail', rename: { shop: 'shop_restored' }, owner: 'auto', noPrivileges: false,
    singleTransaction: false, roles: true, schemaFile: false, tablespacesFile: false,
  };
  it('accepts valid options', () => {
    expect(checkReplayOptions({ ...options, databases: ['shop'] })).toEqual({ ...options, databases: ['shop'] });
  });
  it('keeps a "__proto__" rename as an own key, never on the prototype', () => {
    const parsed = checkReplayOptions({ ...options, rename: JSON.parse('{"__proto__":"x"}') });
    expect(Object.getPrototypeOf(parsed.rename)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed.rename, '__proto__')).toBe(true);
  });
  it.each([
    ['jobs 0', { ...options, jobs: 0 }],
    ['jobs 1000', { ...options, jobs: 1000 }],
    ['existing policy', { ...options, existing: 'drop-everything' }],
    ['owner policy', { ...options, owner: 'root' }],
    ['truthy bool', { ...options, roles: 'yes' }],
    ['databases not a list', { ...options, databases: 'shop' }],
    ['rename to a too long name', { ...options, rename: { shop: 'x'.repeat(64) } }],
    ['unknown option', { ...options, shell: 'rm -rf /' }],
  ])('refuses %s', async (_name, value) => {
    expect(await codeOf(() => checkReplayOptions(value))).toBe('bad-argument');
  });
});

describe('settings patch', () => {
  it('accepts known fields and refuses recent and unknown ones', async () => {
    expect(checkSettingsPatch({ theme: 'dark', defaultJobs: 4, clientToolsPath: '' })).toEqual({ theme: 'dark', defaultJobs: 4, clientToolsPath: null });
    expect(await codeOf(() => checkSettingsPatch({ recent: [] }))).toBe('bad-argument');
    expect(await codeOf(() => checkSettingsPatch({ theme: 'neon' }))).toBe('bad-argument');
  });
});
