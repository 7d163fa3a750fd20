/** The Azure choices main keeps for a session: the table lets only known keys in, each of its kind; signing out forgets them. */
import { describe, expect, it } from 'vitest';
import { AzureChoicesStore } from '../../../electron/services/azure/azure-choices';
import { parseArgs } from '../../../electron/services/dispatch';

const checkChoicesPatch = (patch: unknown) => parseArgs('azureKeepChoices', [patch])[0];

describe('Azure choices', () => {
  it('keeps a checked patch and answers with every choice', () => {
    const store = new AzureChoicesStore();
    const kept = store.keep(checkChoicesPatch({ subscriptionId: 'sub', period: 'custom', custom: { from: '2024-04-08T00:00:00.000Z', to: '2024-04-10T23:59:59.999Z' } }));
    expect(kept).toMatchObject({ subscriptionId: 'sub', vaultId: null, period: 'custom', custom: { from: '2024-04-08T00:00:00.000Z' }, targetMode: 'account' });
    store.clear();
    expect(store.get().subscriptionId).toBeNull();
  });
  it('refuses unknown keys, bad enums and dates that are not dates', () => {
    expect(() => checkChoicesPatch({ token: 'x' })).toThrow(/unexpected fields/);
    expect(() => checkChoicesPatch({ period: '1y' })).toThrow();
    expect(() => checkChoicesPatch({ custom: { from: 'yesterday', to: 'today' } })).toThrow(/not a date and time/);
    expect(() => checkChoicesPatch({ vaultId: 7 })).toThrow();
  });
});
