// One lint config for the repo. The layering rules make ARCHITECTURE.md's import
// direction true by construction (after VS Code's local/code-layering):
//   shared (pure) <- renderer (browser)
//   shared <- electron/* (plain Node) <- main.ts, preload.ts, hosts/electron-ipc.ts (Electron)
// and inside electron/ the layer order of docs/architecture.md#layers-inside-electron
// (eslint-rules/electron-layers.js).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import electronLayers from './eslint-rules/electron-layers.js';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'tls',
  'child_process',
  'stream',
  'events',
  'url',
  'util',
  'zlib',
  'dns',
];
const noElectron = {
  name: 'electron',
  message:
    'Only electron/main.ts (and electron/main/), electron/preload.ts and electron/hosts/electron-ipc.ts may import electron (ARCHITECTURE.md).',
};

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*'],
              message: 'shared/ imports nothing of ours outside shared/.',
            },
            { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node built-ins.' },
          ],
          paths: [noElectron],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../electron/*', '../../electron/*', '**/electron/**'],
              message: 'renderer/ talks to the backend only through window.companion (shared/api).',
            },
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed browser: no Node built-ins.' },
          ],
          paths: [noElectron],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: [
      'electron/main.ts',
      'electron/main/**',
      'electron/preload.ts',
      'electron/hosts/electron-ipc.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/renderer/**'], message: 'The backend never imports the UI.' }],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    plugins: { local: { rules: { 'electron-layers': electronLayers } } },
    rules: { 'local/electron-layers': 'error' },
  },
  {
    // Phase-sized functions (issue 20 item 8): a function longer than this is split into one per phase.
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
);
