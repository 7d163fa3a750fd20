/** The "restore as files" request body (product.md "Azure facts"), built from checked parts. */
import { UserError } from '../errors';
import { parseContainerUrl } from './container-url';

/** What Data Protection's restore and validateRestore take. */
export interface RestoreRequest {
  objectType: 'AzureBackupRecoveryPointBasedRestoreRequest';
  recoveryPointId: string;
  sourceDataStoreType: 'VaultStore';
  restoreTargetInfo: {
    objectType: 'RestoreFilesTargetInfo';
    recoveryOption: 'FailIfExists';
    restoreLocation: string;
    targetDetails: {
      url: string;
      filePrefix: string;
      restoreTargetLocationType: 'AzureBlobs';
      targetResourceArmId?: string;
    };
  };
}

/**
 * Why the prefix is not offered as a choice: Azure's own manifest for this datasource says
 * `fileNamePrefixDisabled: true` — the request carries it, the blob names ignore it.
 */
export const PREFIX_IGNORED_NOTE = 'Azure ignores the file prefix for PostgreSQL Flexible Server (fileNamePrefixDisabled): the files keep their <guid>_database_<name>.sql names, so a fresh container per restore is what keeps restores apart.';

/** Builds the request; `containerArmId` is the container's ARM id (needed across subscriptions). */
export function buildRestoreRequest(opts: { recoveryPointId: string; containerUrl: string; location: string; prefix?: string; containerArmId?: string }): RestoreRequest {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(opts.recoveryPointId)) {
    throw new UserError('bad-argument', `"${opts.recoveryPointId}" is not a recovery point id.`, '`pgflex-restore azure points --instance <id>` lists them (the recoveryPointId column).');
  }
  if (!opts.location) throw new UserError('bad-argument', 'The restore needs the vault\'s region.', 'The vault reported no location; pass its region.');
  const c = parseContainerUrl(opts.containerUrl);
  return {
    objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
    recoveryPointId: opts.recoveryPointId,
    sourceDataStoreType: 'VaultStore',
    restoreTargetInfo: {
      objectType: 'RestoreFilesTargetInfo',
      recoveryOption: 'FailIfExists',
      restoreLocation: opts.location,
      targetDetails: {
        url: c.url,
        filePrefix: opts.prefix ?? 'pgflex',
        restoreTargetLocationType: 'AzureBlobs',
        ...(opts.containerArmId ? { targetResourceArmId: opts.containerArmId } : {}),
      },
    },
  };
}
