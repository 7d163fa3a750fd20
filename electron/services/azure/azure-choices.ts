/**
 * The Azure screens' choices (subscription, vault, instance, period, point, where the files go),
 * kept in main for this app session so that a reloaded window shows them again. Memory only: they
 * are ids and names the user picked, not secrets, and they start empty with the app.
 */
import type { AzureChoices } from './azure-api';

const EMPTY: AzureChoices = {
  subscriptionId: null, vaultId: null, instanceId: null, period: '30d', custom: null, pointId: null,
  targetMode: 'account', accountId: null, container: null, newContainer: '', pastedUrl: '',
};
/** One session's choices (the operation table checked each patch). */
export class AzureChoicesStore {
  private choices: AzureChoices = { ...EMPTY };

  get(): AzureChoices {
    return { ...this.choices };
  }

  keep(patch: Partial<AzureChoices>): AzureChoices {
    this.choices = { ...this.choices, ...patch };
    return this.get();
  }

  /** Signing out forgets them (they belong to the account). */
  clear(): void {
    this.choices = { ...EMPTY };
  }
}
