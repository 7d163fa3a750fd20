// Lint: TypeScript-aware recommended rules over the whole tree, and the import boundaries that
// let a file's folder say which process it runs in (test/unit/boundaries.test.ts proves they fire).
import tseslint from 'typescript-eslint';

/** An import rule for one part of the tree: `patterns` are gitignore-style, matched on the import path. */
const forbid = (files, patterns, extra = {}) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns, ...extra }] },
});

const ELECTRON = { regex: '^electron(/.*)?$' };

export const boundaries = [
  // The engine and the command line run in plain Node: no Electron, nothing of main or the services.
  forbid(['electron/core/**', 'electron/cli/**'], [
    { ...ELECTRON, message: 'core and cli run in plain Node: no Electron import.' },
    { regex: '(^|/)(main|services)(/|$)', message: 'core and cli import neither main nor the services (data flows main → services → core).' },
  ]),
  // The services are host-neutral (the Electron main process and the browser bridge run them).
  forbid(['electron/services/**'], [
    { ...ELECTRON, message: 'Services are host-neutral: the host (main) injects what needs Electron.' },
    { regex: '(^|/)main(/|$)', message: 'Services do not import main: main imports them.' },
  ]),
  // Pure values for every process, the renderer included.
  forbid(['electron/shared/**'], [
    { regex: '^(electron(/.*)?|node:.*)$|(^|/)(core|main|services)(/|$)', message: 'shared/ holds pure values: no Node, Electron, engine or services.' },
  ]),
  // The renderer sees the contract (types only) and shared values, nothing else of electron/.
  forbid(['renderer/src/**'], [
    { regex: '^(electron(/.*)?|node:.*)$', message: 'The renderer is sandboxed: no Electron or Node.' },
    { regex: '(^|/)electron/contract$', allowTypeImports: true, message: 'The renderer imports the contract as types only.' },
    { regex: '(^|/)electron/(?!contract$|shared/)', message: 'The renderer imports only the contract (as types) and electron/shared.' },
  ]),
];

export default tseslint.config(
  { ignores: ['node_modules/', '.vite/', 'out/', 'dist/', 'test-results/', 'resources/', '.tmp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...boundaries,
);
