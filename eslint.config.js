// ESLint flat config: typescript-eslint, plus the folder boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Which of our folders each src/ folder may not import. Siblings never import each other. */
const boundaries = {
  domain: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'render', 'pipeline', 'cli'],
  catalog: ['collect', 'store', 'evaluate', 'compare', 'render', 'pipeline', 'cli'],
  collect: ['catalog', 'evaluate', 'compare', 'render', 'pipeline', 'cli'],
  store: ['catalog', 'collect', 'evaluate', 'compare', 'render', 'pipeline', 'cli'],
  evaluate: ['catalog', 'collect', 'store', 'compare', 'render', 'pipeline', 'cli'],
  compare: ['catalog', 'collect', 'store', 'evaluate', 'render', 'pipeline', 'cli'],
  answer: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'render', 'pipeline', 'cli'],
  render: ['catalog', 'collect', 'store', 'evaluate', 'compare', 'pipeline', 'cli'],
  pipeline: ['cli'],
  cli: [],
};
/** Pure folders: no file system, no network, no clock (evaluate, domain, model builders). */
const nodeBanned = ['domain', 'evaluate', 'compare', 'answer'];

const boundaryConfigs = Object.entries(boundaries).map(([folder, banned]) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...banned.map((b) => ({
            group: [`**/${b}/*`, `../${b}`, `../../${b}`],
            message: `src/${folder} must not import src/${b} (ARCHITECTURE.md: siblings do not import each other; move shared code to domain).`,
          })),
          ...(nodeBanned.includes(folder)
            ? [{ group: ['node:*', 'fs', 'path', 'os', '@aws-sdk/*'], message: `src/${folder} is pure: no node:*, no file system, no SDK.` }]
            : []),
        ],
      },
    ],
  },
}));

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
