/** The target operations: check a server (or the sandbox) against a named restore set. */
import type { Handlers } from '../dispatch';
import type { RestoreSets } from '../restore-sets/restore-sets';
import type { ClientTools } from '../settings/client-tools';
import type { TargetRegistry } from './target-registry';

export function targetHandlers(targets: TargetRegistry, sets: RestoreSets, tools: ClientTools): Pick<Handlers, 'checkTarget'> {
  return {
    async checkTarget(folder, input) {
      const inspection = folder === null ? null : await sets.get(folder);
      return targets.check(input, inspection, await tools.list());
    },
  };
}
