/** The `azure` commands' usage lines and common options, apart from the commands so `--help` (and `download`) load no Azure code. */
export const AZURE_USAGE = `  pgflex-restore azure login [--device-code] [--tenant <id>] [--cloud public|usgov|china] [--client-id <id>] [--authority-host <https origin>]
  pgflex-restore azure logout | account
  pgflex-restore azure vaults --subscription <id>
  pgflex-restore azure instances --vault <vault ARM id>
  pgflex-restore azure points --instance <backup instance ARM id> [--from <ISO>] [--to <ISO>]
  pgflex-restore azure restore --instance <id> --point <recovery point id> (--account-url <blob endpoint> | --container-url <url>)
        [--wait] [--download-to <folder>] [--skip-checks] [--grant-role] [--create-container] [--prefix <p>]
  pgflex-restore azure job <job id or ARM path> [--vault <vault ARM id>] [--watch]
  (every azure command: [--json] [--arm-endpoint <url>] [--tenant <id>] [--poll-interval <s>]; AZURE_ACCESS_TOKEN instead of a sign-in)
  (the sign-in is kept in a file only you can read (0600) in ~/.config/pgflex-restore, or PGFLEX_CONFIG_DIR:
   the command line does not use the OS keyring; azure logout removes it)`;

/** Options every azure command takes. */
export const AZURE_COMMON = {
  json: { type: 'boolean' }, 'arm-endpoint': { type: 'string' }, cloud: { type: 'string' }, tenant: { type: 'string' }, 'client-id': { type: 'string' },
  'poll-interval': { type: 'string' }, 'authority-host': { type: 'string' },
} as const;
