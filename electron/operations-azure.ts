/**
 * The Azure rows of the operation table (spread into OPERATIONS): sign-in, browsing the vault,
 * the restore and its job, the download. The schemas bound every argument's type and size; the
 * handlers (electron/services/azure/) parse ARM ids, container URLs and times further.
 */
import { z } from 'zod';
import type {
  AzureAccountView, AzureActivitiesView, AzureChoices, ContainerView, AzureDownloadView, AzureJobView, BackupInstanceView, BackupJob, FlexibleServerView,
  PrerequisitesView, RecoveryPoint, StorageAccountView, SubscriptionView, TargetView, Vault,
} from './contract';
import { bool, folderPath, int, oneOf, op, text } from './operation-schemas';
import { POINT_PERIODS } from './shared/recovery-point-window';
import { SSL_MODES } from './shared/replay-options';

const CLOUDS = ['public', 'usgov', 'china'] as const;
const armId = (label: string) => text(label, { max: 1024 });
const subscriptionId = text('Subscription id', { max: 64 });
const containerUrl = text('Container URL', { max: 8192 });
const localId = text('Id', { max: 64 });
const nothing = z.tuple([]);
const isoTime = (label: string) => text(label, { max: 64 }).refine((v) => !Number.isNaN(Date.parse(v)), { error: `${label} is not a date and time.` });

/** A flexible server as the target (the password only with 'password'; main gets the Entra token itself). */
const azureTarget = z.strictObject({
  serverId: armId('Server id'),
  auth: oneOf('Sign-in to the database', ['entra', 'password'] as const),
  user: text('User', { max: 256 }),
  password: text('Password', { max: 1024, allowEmpty: true }),
  port: int('Port', 1, 65535),
  database: text('Database', { max: 63 }),
  sslmode: oneOf('SSL mode', SSL_MODES),
}, { error: 'Azure target has unexpected fields.' });

/** A change of the Azure screens' choices; every key optional, nothing else. */
const choicesPatch = z.strictObject({
  subscriptionId: text('Subscription id', { max: 64 }).nullable(),
  vaultId: armId('Backup vault id').nullable(),
  instanceId: armId('Backup instance id').nullable(),
  period: oneOf('Period', POINT_PERIODS),
  custom: z.strictObject({ from: isoTime('From'), to: isoTime('To') }, { error: 'The custom period must be { from, to }.' }).nullable(),
  pointId: text('Recovery point id', { max: 256 }).nullable(),
  targetMode: oneOf('Where the files go', ['account', 'url'] as const),
  accountId: armId('Storage account id').nullable(),
  container: text('Container', { max: 63 }).nullable(),
  newContainer: text('New container', { max: 256, allowEmpty: true }),
  pastedUrl: containerUrl.or(z.literal('')),
}, { error: 'Azure choices have unexpected fields.' }).partial();

export const AZURE_OPERATIONS = {
  azureAccount: op<AzureAccountView>()(nothing),
  azureSignIn: op<AzureAccountView>()(z.tuple([z.strictObject({
    method: oneOf('Sign-in method', ['browser', 'device-code'] as const),
    tenant: text('Tenant', { max: 100, allowEmpty: true }).optional(),
    cloud: oneOf('Cloud', CLOUDS).optional(),
  }, { error: 'Sign-in has unexpected fields.' })])),
  azureSignOut: op<AzureAccountView>()(nothing),
  /** Changes the cloud and the ARM endpoint (Settings); a change signs out first and says so. */
  azureSetCloud: op<{ account: AzureAccountView; signedOut: boolean }>()(z.tuple([z.strictObject({
    cloud: oneOf('Cloud', CLOUDS),
    armEndpoint: text('ARM endpoint', { max: 2048 }).nullable(),
  }, { error: 'The cloud setting has unexpected fields.' })])),
  azureSubscriptions: op<SubscriptionView[]>()(nothing),
  azureVaults: op<Vault[]>()(z.tuple([subscriptionId])),
  /** The vault's PostgreSQL instances, each with its newest recovery point. */
  azureInstances: op<BackupInstanceView[]>()(z.tuple([armId('Backup vault id')])),
  /** Points in the window (UTC ISO-8601), newest first. */
  azurePoints: op<RecoveryPoint[]>()(z.tuple([armId('Backup instance id'), z.strictObject({ from: text('From', { max: 64 }), to: text('To', { max: 64 }) }, { error: 'Time period must be { from, to }.' })])),
  azureStorageAccounts: op<StorageAccountView[]>()(z.tuple([subscriptionId])),
  /** The account's blob containers (ARM's list, every nextLink followed), by name. */
  azureContainers: op<ContainerView[]>()(z.tuple([armId('Storage account id')])),
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
  /** The subscription's flexible servers (a target kind). */
  azureFlexibleServers: op<FlexibleServerView[]>()(z.tuple([subscriptionId])),
  /** A flexible server as the target against this restore set: firewall first, then the pre-flight, with the admin password or the user's Entra token. */
  azureCheckTarget: op<TargetView>()(z.tuple([folderPath.nullable(), azureTarget])),
  /** Sets the server's azure.extensions to the value the check showed (main works it out again and refuses another), then checks again. */
  azureAllowExtensions: op<TargetView>()(z.tuple([folderPath.nullable(), azureTarget, text('azure.extensions value', { max: 4096 })])),
  /** The Azure choices kept for this session (a reloaded window asks for them). */
  azureChoices: op<AzureChoices>()(nothing),
  /** Keeps changed choices; answers with all of them. */
  azureKeepChoices: op<AzureChoices>()(z.tuple([choicesPatch])),
};
