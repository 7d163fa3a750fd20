/**
 * The Azure screens' choices (subscription, vault, instance, period, point, where the files go),
 * kept in main for this app session so that a reloaded window shows them again. Memory only: they
 * are ids and names the user picked, not secrets, and they start empty with the app.
 */
import { POINT_PERIODS } from '../../shared/recovery-point-window';
import { badArgument, checkEnum, checkObject, checkString } from '../../main/services/validate';
import type { AzureChoices } from './azure-api';

const EMPTY: AzureChoices = {
  subscriptionId: null, vaultId: null, instanceId: null, period: '30d', custom: null, pointId: null,
  targetMode: 'account', accountId: null, newContainer: '', pastedUrl: '',
};
const KEYS = Object.keys(EMPTY) as Array<keyof AzureChoices>;

const idOrNull = (v: unknown, name: string): string | null => (v === null ? null : checkString(v, name, { max: 1024 }));

/** Checks a patch from the renderer: only known keys, each of its kind. */
export function checkChoicesPatch(v: unknown): Partial<AzureChoices> {
  const o = checkObject(v, 'Azure choices', KEYS);
  const out: Partial<AzureChoices> = {};
  for (const key of ['subscriptionId', 'vaultId', 'instanceId', 'pointId', 'accountId'] as const) if (key in o) out[key] = idOrNull(o[key], key);
  if ('period' in o) out.period = checkEnum(o.period, 'Period', POINT_PERIODS);
  if ('targetMode' in o) out.targetMode = checkEnum(o.targetMode, 'Where the files go', ['account', 'url'] as const);
  for (const key of ['newContainer', 'pastedUrl'] as const) if (key in o) out[key] = checkString(o[key], key, { max: 8192, allowEmpty: true });
  if ('custom' in o) {
    if (o.custom === null) out.custom = null;
    else {
      const c = checkObject(o.custom, 'Custom period', ['from', 'to']);
      const from = checkString(c.from, 'From', { max: 64 });
      const to = checkString(c.to, 'To', { max: 64 });
      if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) throw badArgument('The custom period is not two dates.');
      out.custom = { from, to };
    }
  }
  return out;
}

/** One session's choices. */
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
