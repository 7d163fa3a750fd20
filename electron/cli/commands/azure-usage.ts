/** The `azure` commands' usage lines, apart from the commands so `--help` loads no Azure code. */
export const AZURE_USAGE = `  pgflex-restore azure login [--device-code] [--tenant <id>] [--cloud public|usgov|china] [--client-id <id>]
  pgflex-restore azure logout | account
  pgflex-restore azure vaults --subscription <id>
  pgflex-restore azure instances --vault <vault ARM id>
  pgflex-restore azure points --instance <backup instance ARM id> [--from <ISO>] [--to <ISO>]
  pgflex-restore azure restore --instance <id> --point <recovery point id> (--account-url <blob endpoint> | --container-url <url>)
        [--wait] [--download-to <folder>] [--skip-checks] [--grant-role] [--create-container] [--prefix <p>]
  pgflex-restore azure job <job id or ARM path> [--vault <vault ARM id>] [--watch]
  (every azure command: [--json] [--arm-endpoint <url>] [--tenant <id>] [--poll-interval <s>]; AZURE_ACCESS_TOKEN instead of a sign-in)`;
