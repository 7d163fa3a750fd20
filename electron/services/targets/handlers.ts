/** The target operations: check a server (or the sandbox) against a named restore set. */
import type { TargetInput, TargetView } from '../../contract';
import type { ExpiringPassword } from '../../core/target/expiring-password';
import type { Handlers } from '../dispatch';
import type { RestoreSets } from '../restore-sets/restore-sets';
import type { ClientTools } from '../settings/client-tools';
import type { TargetRegistry } from './target-registry';

/** The one target check; `expiring` (an Entra token) stands in for the input's password. */
export type CheckTarget = (folder: string | null, input: TargetInput, expiring?: ExpiringPassword) => Promise<TargetView>;

export function targetHandlers(targets: TargetRegistry, sets: RestoreSets, tools: ClientTools): Pick<Handlers, 'checkTarget'> & { check: CheckTarget } {
  const check: CheckTarget = async (folder, input, expiring) => {
    const inspection = folder === null ? null : await sets.get(folder);
    return targets.check(input, inspection, await tools.list(), expiring);
  };
  return { check, checkTarget: (folder, input) => check(folder, input) };
}
