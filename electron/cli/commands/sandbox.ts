/** `pgflex-restore sandbox [path|remove] [--sandbox-dir D]`: where the local sandbox keeps its data, and removing it. */
import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors';
import { removeSandbox } from '../../core/sandbox/sandbox';
import { sandboxDir } from '../../core/sandbox/sandbox-dir';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';

export async function sandboxCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { 'sandbox-dir': { type: 'string' }, json: { type: 'boolean' } });
  const dir = (values['sandbox-dir'] as string | undefined) ?? sandboxDir();
  const action = positionals[0] ?? 'path';
  if (action === 'path') {
    if (values.json) out.json({ dir, exists: existsSync(dir) });
    else out.line(`${dir}${existsSync(dir) ? '' : '   (not created yet)'}`);
    return EXIT.ok;
  }
  if (action === 'remove') {
    await removeSandbox(dir);
    if (values.json) out.json({ removed: dir });
    else out.line(`Removed the sandbox at ${dir} (its server stopped first, if it was running).`);
    return EXIT.ok;
  }
  throw new UserError('bad-argument', `Unknown sandbox action "${action}".`, 'Use `pgflex-restore sandbox path` or `pgflex-restore sandbox remove`.');
}
