/** `pgflex-restore azure <subcommand>`: sign-in, browse, restore as files, track the job. */
import { UserError } from '../../core/errors';
import type { Out } from '../print';
import { AZURE_USAGE } from './azure-usage';
import { azureInstances, azurePoints, azureVaults } from './azure-browse';
import { azureAccount, azureLogin, azureLogout } from './azure-login';
import { azureJob, azureRestore } from './azure-restore';



/** Runs one azure subcommand. */
export async function azureCommand(argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'login':
      return azureLogin(rest, out);
    case 'logout':
      return azureLogout(rest, out);
    case 'account':
      return azureAccount(rest, out);
    case 'vaults':
      return azureVaults(rest, out);
    case 'instances':
      return azureInstances(rest, out);
    case 'points':
      return azurePoints(rest, out);
    case 'restore':
      return azureRestore(rest, out);
    case 'job':
      return azureJob(rest, out);
    default:
      throw new UserError('bad-argument', sub ? `Unknown azure command "${sub}".` : 'azure needs a command.', `One of:\n${AZURE_USAGE}`);
  }
}
