/**
 * The import boundaries of eslint.config.js fire: each forbidden import, linted as if it were in
 * that folder, is reported by the rule, and the allowed form of it is not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary messages for `code` as the file `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['electron/core/replay/x.ts', "import { app } from 'electron';", /plain Node: no Electron/],
    ['electron/core/replay/x.ts', "import { createServices } from '../../services/services';", /neither main nor the services/],
    ['electron/cli/commands/x.ts', "import { registerIpc } from '../../main/ipc';", /neither main nor the services/],
    ['electron/services/targets/x.ts', "import { dialog } from 'electron';", /host-neutral/],
    ['electron/services/targets/x.ts', "import { sendEvent } from '../../main/ipc';", /do not import main/],
    ['electron/shared/x.ts', "import { readFile } from 'node:fs/promises';", /pure values/],
    ['electron/shared/x.ts', "import { UserError } from '../core/errors';", /pure values/],
    ['renderer/src/stores/x.ts', "import { OPERATIONS } from '../../../electron/operations';", /only the contract/],
    ['renderer/src/stores/x.ts', "import { inspectFolder } from '../../../electron/core/inspect';", /only the contract/],
    ['renderer/src/stores/x.ts', "import { ipcRenderer } from 'electron';", /sandboxed/],
    ['renderer/src/stores/x.ts', "import { readFileSync } from 'node:fs';", /sandboxed/],
    ['renderer/src/stores/x.ts', "import { channel } from '../../../electron/contract';", /as types only/],
  ])('refuses in %s: %s', async (path, code, message) => {
    const errors = await boundaryErrors(path, `${code}\nexport const used = [${/import \{ (\w+)/.exec(code)![1]}];\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['renderer/src/stores/x.ts', "import type { Api } from '../../../electron/contract';\nexport type A = Api;\n"],
    ['renderer/src/stores/x.ts', "import { MAX_JOBS } from '../../../electron/shared/replay-options';\nexport const m = MAX_JOBS;\n"],
    ['electron/services/targets/x.ts', "import { preflight } from '../../core/target/preflight';\nexport const p = preflight;\n"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { createServices } from '../services/services';\nexport const a = [app, createServices];\n"],
  ])('allows in %s what belongs there', async (path, code) => {
    expect(await boundaryErrors(path, code)).toEqual([]);
  });
});
