/** `pgflex-restore azure <subcommand>`: sign-in, browse, restore as files, track the job. */
import { UserError } from '../../core/errors';
import type { Out } from '../print';
import { azureInstances, azurePoints, azureVaults } from './azure-browse';
import { azureAccount, azureLogin, azureLogout } from './azure-login';
import { azureJob, azureRestore } from './azure-restore';

export const AZURE_USAGE = `  pgflex-restore azure login [--device-code] [--tenant <id>] [--cloud public|usgov|china] [--client-id <id>]
  pgflex-restore azure logout | account
  pgflex-restore azure vaults --subscription <id>
  pgflex-restore azure instances --vault <vault ARM id>
  pgflex-restore azure points --instance <backup instance ARM id> [--from <ISO>] [--to <ISO>]
  pgflex-restore azure restore --instance <id> --point <recovery point id> (--account-url <blob endpoint> | --container-url <url>)
        [--wait] [--download-to <folder>] [--skip-checks] [--grant-role] [--create-container] [--prefix <p>]
  pgflex-restore azure job <job id or ARM path> [--vault <vault ARM id>] [--watch]
  (every azure command: [--json] [--arm-endpoint <url>] [--tenant <id>] [--poll-interval <s>]; AZURE_ACCESS_TOKEN instead of a sign-in)`;

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
