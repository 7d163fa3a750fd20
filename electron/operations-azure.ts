/**
 * The Azure rows of the operation table (spread into OPERATIONS): sign-in, browsing the vault,
 * the restore and its job, the download. The schemas bound every argument's type and size; the
 * handlers (electron/services/azure/) parse ARM ids, container URLs and times further.
 */
import { z } from 'zod';
import type {
  AzureAccountView, AzureActivitiesView, AzureDownloadView, AzureJobView, BackupInstance, BackupJob, PrerequisitesView,
  RecoveryPoint, StorageAccountView, SubscriptionView, Vault,
} from './contract';
import { bool, oneOf, op, text } from './operation-schemas';

const CLOUDS = ['public', 'usgov', 'china'] as const;
const armId = (label: string) => text(label, { max: 1024 });
const subscriptionId = text('Subscription id', { max: 64 });
const containerUrl = text('Container URL', { max: 8192 });
const localId = text('Id', { max: 64 });
const nothing = z.tuple([]);

export const AZURE_OPERATIONS = {
  azureAccount: op<AzureAccountView>()(nothing),
  azureSignIn: op<AzureAccountView>()(z.tuple([z.strictObject({
    method: oneOf('Sign-in method', ['browser', 'device-code'] as const),
    tenant: text('Tenant', { max: 100, allowEmpty: true }).optional(),
    cloud: oneOf('Cloud', CLOUDS).optional(),
  }, { error: 'Sign-in has unexpected fields.' })])),
  azureSignOut: op<AzureAccountView>()(nothing),
  azureSubscriptions: op<SubscriptionView[]>()(nothing),
  azureVaults: op<Vault[]>()(z.tuple([subscriptionId])),
  azureInstances: op<BackupInstance[]>()(z.tuple([armId('Backup vault id')])),
  /** Points in the window (UTC ISO-8601), newest first. */
  azurePoints: op<RecoveryPoint[]>()(z.tuple([armId('Backup instance id'), z.strictObject({ from: text('From', { max: 64 }), to: text('To', { max: 64 }) }, { error: 'Time period must be { from, to }.' })])),
  azureStorageAccounts: op<StorageAccountView[]>()(z.tuple([subscriptionId])),
  azureCheckRestore: op<PrerequisitesView>()(z.tuple([armId('Backup instance id'), containerUrl])),
  /** Grants the vault's identity Storage Blob Data Contributor on the container's account, then checks again. */
  azureGrantRole: op<PrerequisitesView>()(z.tuple([armId('Backup instance id'), containerUrl])),
  /** Checks again in main, applies the gate, makes the container if asked, validates and sends. */
  azureStartRestore: op<AzureJobView>()(z.tuple([z.strictObject({
    instanceId: armId('Backup instance id'),
    recoveryPointId: text('Recovery point id', { max: 256 }),
    containerUrl,
    createContainer: bool('createContainer'),
    overriddenUnknown: z.array(text('Check id', { max: 64 }), { error: 'overriddenUnknown must be a short list of check ids.' }).max(20, { error: 'overriddenUnknown must be a short list of check ids.' }),
  }, { error: 'Restore has unexpected fields.' })])),
  /** The vault's recent restore jobs for the instance's server (a colleague may have started one in the portal). */
  azureVaultJobs: op<BackupJob[]>()(z.tuple([armId('Backup instance id')])),
  /** Tracks a job found in the vault's list. */
  azureTrackJob: op<AzureJobView>()(z.tuple([armId('Job id')])),
  azureStartDownload: op<AzureDownloadView>()(z.tuple([z.strictObject({ containerUrl, folder: text('Folder', { max: 4096 }), jobId: localId.optional() }, { error: 'Download has unexpected fields.' })])),
  azureControlDownload: op<AzureDownloadView>()(z.tuple([localId, oneOf('Action', ['pause', 'resume', 'cancel'] as const)])),
  /** Every tracked job and download (the truth a reloaded window shows again). */
  azureActivities: op<AzureActivitiesView>()(nothing),
  /** Forgets a finished job or download (its files stay on disk). */
  azureForget: op<void>()(z.tuple([localId])),
};
