// ESLint flat config: typescript-eslint, plus the folder boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Which of our folders each src/ folder may not import. Siblings never import each other. */
const boundaries = {
  domain: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  catalog: ['collect', 'store', 'evaluate', 'compare', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  collect: ['catalog', 'evaluate', 'compare', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  store: ['catalog', 'collect', 'evaluate', 'compare', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  evaluate: ['catalog', 'collect', 'store', 'compare', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  compare: ['catalog', 'collect', 'store', 'evaluate', 'answer', 'render', 'pipeline', 'cli', 'tools'],
  answer: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'render', 'pipeline', 'cli', 'tools'],
  render: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'answer', 'pipeline', 'cli', 'tools'],
  pipeline: ['cli', 'tools'],
  cli: ['tools'],
  // Scripts (benchmarks, generators, the build) call the pipeline and below, never a command module:
  // what a user runs goes through the built bin, as a process. Nothing in src/ imports a tool.
  tools: ['cli'],
};
/** Pure folders: no file system, no network, no clock (evaluate, domain, model builders). */
const nodeBanned = ['domain', 'evaluate', 'compare', 'answer'];
/** Folders whose top-level files are entry points that may use their own sub-folders; elsewhere the top level is shared by the sub-folders below and never imports them. */
const entryPointFolders = ['cli', 'tools'];

/** Sub-folders of src/<folder>, read from the tree so that a new one is covered without editing this file. */
function subfoldersOf(folder) {
  const dir = fileURLToPath(new URL(`./src/${folder}`, import.meta.url));
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
}

const neverTests = { group: ['**/test/**', '**/*.test', '**/*.test.js', '**/dist/**'], message: 'src/ never imports tests or the build output.' };
/** Benchmarks may use the suite's fake AWS endpoints and fixtures (test/helpers, test/fixtures), never a test file or dist/. */
const toolsTests = { group: ['**/*.test', '**/*.test.js', '**/dist/**', '**/test/*/**', '!**/test/helpers/**', '!**/test/fixtures/**'], message: 'src/tools may use test/helpers and test/fixtures only, never a test file or the build output.' };

function folderPatterns(folder) {
  return [
    ...boundaries[folder].map((b) => ({
      group: [`**/${b}/*`, `../${b}`, `../../${b}`, `../../../${b}`],
      message: `src/${folder} must not import src/${b} (ARCHITECTURE.md: siblings do not import each other; move shared code to domain).`,
    })),
    ...(nodeBanned.includes(folder) ? [{ group: ['node:*', 'fs', 'path', 'os', '@aws-sdk/*'], message: `src/${folder} is pure: no node:*, no file system, no SDK.` }] : []),
    folder === 'tools' ? toolsTests : neverTests,
  ];
}

/**
 * One config per folder, then one per sub-folder with the folder's rules plus its siblings (a later
 * config replaces an earlier one's options for the same rule, so each repeats its parent's).
 */
const boundaryConfigs = Object.keys(boundaries).flatMap((folder) => {
  const subs = subfoldersOf(folder);
  const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
  return [
    restrict([`src/${folder}/**/*.ts`], [
      ...folderPatterns(folder),
      ...(entryPointFolders.includes(folder) || subs.length === 0
        ? []
        : [{ group: subs.map((s) => `./${s}/*`), message: `the top of src/${folder} is shared by its sub-folders (${subs.join(', ')}) and must not import them: move the code down, or up into src/${folder}/.` }]),
    ]),
    ...subs.map((sub) => {
      const siblings = subs.filter((s) => s !== sub);
      return restrict([`src/${folder}/${sub}/**/*.ts`], [
        ...folderPatterns(folder),
        ...siblings.map((s) => ({
          group: [`../${s}/*`, `../${s}`, `**/${folder}/${s}/*`, `../../${folder}/${s}/*`],
          message: `src/${folder}/${sub} must not import its sibling src/${folder}/${s}: move what they share up into src/${folder}/ (or down into domain).`,
        })),
      ]);
    }),
  ];
});

/** Tests: the sources and the shared test helpers and fixtures, never another test file (it would run twice) or dist/ (the CLI is run as a process through the bin). */
const testConfig = {
  files: ['test/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['**/*.test', '**/*.test.js', '**/*.test.ts'], message: 'A test never imports another test file (vitest would run it twice): move what they share into a helpers or fixtures module.' },
          { group: ['**/dist/**', '**/dist'], message: 'Tests import the sources; the built CLI is run as a process, or in-process, through test/helpers/run-srmap.ts alone.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'evidence/**', 'coverage/**', 'dist/**', 'dist.*/**', '.cache/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaryConfigs,
  testConfig,
  {
    // A spread into a call puts every element on the stack: past ~100,000 elements it throws
    // RangeError (Math.max(...rows) did on a 50 MB questionnaire). Loop, or use src/domain/arrays.ts.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression > SpreadElement', message: 'No spread into a call in src/: a large array overflows the stack. Use maxOf / pushAll (src/domain/arrays.ts) or a loop.' },
        { selector: 'NewExpression > SpreadElement', message: 'No spread into a call in src/: a large array overflows the stack. Use a loop.' },
      ],
    },
  },
);
