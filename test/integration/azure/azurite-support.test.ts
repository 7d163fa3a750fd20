import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerClient } from '@azure/storage-blob';
import { containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';

describe('test/support/azurite', () => {
  let az: Azurite;
  beforeAll(async () => {
    az = await startAzurite();
  });
  afterAll(async () => {
    await az?.stop();
  });

  it('serves blobs on a path-style URL, keeps them across a restart, and signs container SAS URLs', async () => {
    const container = az.service().getContainerClient('support');
    await container.create();
    await container.getBlockBlobClient('a.txt').upload('hello', 5);
    await az.restart();
    const viaSas = new ContainerClient(containerSasUrl(az, 'support'));
    const names: string[] = [];
    for await (const b of viaSas.listBlobsFlat()) names.push(b.name);
    expect(names).toEqual(['a.txt']);
    const body = await viaSas.getBlobClient('a.txt').downloadToBuffer();
    expect(body.toString()).toBe('hello');
    await expect(new ContainerClient(`${az.endpoint}/support`).getBlobClient('a.txt').downloadToBuffer()).rejects.toThrow();
  });
});
