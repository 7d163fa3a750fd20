/**
 * The storage account key through ARM (`storageAccounts/listKeys`), the seed document's way to
 * read the restored files: only for a user allowed to list keys, and never written anywhere.
 */
import type { ArmContext } from './arm-pipeline';
import { storageClient, toArmError } from './arm-sdk';
import type { ContainerUrl } from './container-url';
import { findStorageAccount } from './prerequisites';
import { UserError } from '../errors';
import { parseArmId } from './arm-id';

/** Finds the account serving the container and returns its first key. */
export async function fetchAccountKey(ctx: ArmContext, container: ContainerUrl, subscriptionIds: string[]): Promise<{ account: string; key: string }> {
  const found = await findStorageAccount(ctx, container.url, subscriptionIds);
  if (!found.account?.id || !found.account.name) {
    throw new UserError('azure-refused', `No storage account you can see serves ${container.endpoint}.`, 'Check the container URL, or use a SAS URL instead of --account-key-from-arm.');
  }
  const id = parseArmId(found.account.id, 'storage account id');
  try {
    const r = await storageClient(ctx, id.subscriptionId).storageAccounts.listKeys(id.resourceGroup ?? '', found.account.name);
    const key = r.keys?.find((k) => k.value)?.value;
    if (!key) throw new UserError('azure-refused', `ARM returned no key for ${found.account.name}.`, 'Key access may be disabled on the account (allowSharedKeyAccess); use your sign-in or a SAS.');
    return { account: found.account.name, key };
  } catch (err) {
    throw toArmError(err, `listing the keys of ${found.account.name}`);
  }
}
