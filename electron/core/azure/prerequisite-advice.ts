/** What to change, where and how, for each failed prerequisite: the portal path and the `az` command. */

/** One fix. */
export interface Fix {
  what: string;
  portal: string;
  az: string;
}

type Topic = 'storage-account' | 'cross-tenant-replication' | 'copy-scope' | 'network' | 'vault-role' | 'vault-identity';

/** The fix for a topic, filled with the account's and vault's names. */
export function adviceFor(topic: Topic, f: Record<string, string>): Fix {
  switch (topic) {
    case 'storage-account':
      return { what: `Use a container URL of a storage account in the vault's subscription, or name the account's subscription too (--storage-subscription).`,
        portal: 'Storage accounts → <account> → Settings → Endpoints → Blob service', az: `az storage account list --query "[?primaryEndpoints.blob=='${f.endpoint}'].id"` };
    case 'cross-tenant-replication':
      return { what: `Allow cross-tenant replication on ${f.account}.`,
        portal: `Storage accounts → ${f.account} → Data management → Object replication → Advanced settings → Allow cross-tenant replication`,
        az: `az storage account update -g ${f.group} -n ${f.account} --allow-cross-tenant-replication true` };
    case 'copy-scope':
      return { what: `Let ${f.account} accept copies from any storage account.`,
        portal: `Storage accounts → ${f.account} → Settings → Configuration → Permitted scope for copy operations → From any storage account`,
        az: `az resource update --ids ${f.accountId} --remove properties.allowedCopyScope` };
    case 'network':
      return { what: `Let the vault reach ${f.account}: allow trusted Microsoft services, or add the vault as a resource instance.`,
        portal: `Storage accounts → ${f.account} → Security + networking → Networking → Exceptions → Allow Azure services on the trusted services list (or Resource instances → Microsoft.DataProtection/backupVaults → ${f.vaultName})`,
        az: `az storage account update -g ${f.group} -n ${f.account} --public-network-access Enabled --bypass AzureServices` };
    case 'vault-role':
      return { what: `Grant Storage Blob Data Contributor on ${f.account} to the managed identity of vault ${f.vaultName}.`,
        portal: `Storage accounts → ${f.account} → Access control (IAM) → Add role assignment → Storage Blob Data Contributor → Managed identity → ${f.vaultName}`,
        az: `az role assignment create --assignee-object-id ${f.principalId} --assignee-principal-type ServicePrincipal --role "Storage Blob Data Contributor" --scope ${f.accountId}` };
    case 'vault-identity':
      return { what: `Turn on the system-assigned managed identity of vault ${f.vaultName}.`,
        portal: `Backup vaults → ${f.vaultName} → Settings → Identity → System assigned → On`,
        az: `az dataprotection backup-vault update --ids ${f.vaultId} --type SystemAssigned` };
  }
}
