// Lint: typescript-eslint with type information, plus the dependency direction of CONVENTIONS.md
// (platform ← org ← auth ← people, knowledge ← cases ← mediation ← open311, inbox, sms) enforced with import restrictions, and
// modules that own their tables (local/table-ownership, ADR 0008).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import tableOwnership from './eslint-rules/table-ownership.js';

const otherModuleInternals = (depth) => ({
  regex: `^${'\\.\\./'.repeat(depth)}(?!\\.\\.)[^/]+/(?!index\\.ts$).+`,
  message: 'Import another module only through its index.ts.',
});
const layer = (forbidden) => ({
  regex: `/modules/(${forbidden.join('|')})/|^\\.\\.?/(\\.\\./)?(${forbidden.join('|')})/`,
  message: 'This module sits below that one: dependencies point one way (see CONVENTIONS.md).',
});

// Above mediation, three tiers of modules (issues 15–17); a module never imports one of its own
// tier or of a tier above it:
// - TOP: channels and single features that use cases and mediation;
// - TIER2: figures built on a TOP module (assessment reads the evaluator's samples; safety reads
//   the warnings);
// - TIER3: what presents them (the public results page, the reports).
const TOP = [
  'open311',
  'inbox',
  'sms',
  'evaluation',
  'warnings',
  'suggestions',
  'stability',
  'patrols',
  'psych',
  'emergency',
  'points',
  'credit',
];
const TIER2 = ['assessment', 'safety', 'consultations', 'community'];
const TIER3 = ['transparency', 'reports'];
const UPPER = [...TOP, ...TIER2, ...TIER3];
const above = (module) => (module === 'cases' ? ['cases', 'mediation', ...UPPER] : ['mediation', ...UPPER]);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'tmp/',
      'coverage/',
      'data/',
      'web/dist/',
      'web/.dist-*/',
      'build/',
      '.build-*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // The web console: hooks used by the rules, and only common/ shared with the server.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)server/', message: 'The web client reaches the server over HTTP; share code in common/.' },
          ],
        },
      ],
    },
  },
  {
    // `res.json() as T` reads better in tests than the generic form the rule asks for.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    files: ['server/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules/', message: 'platform/ knows no domain module.' }] },
      ],
    },
  },
  ...[
    ['org', ['auth', 'people', 'knowledge', 'legal', 'meetings', ...above('cases')]],
    ['auth', ['people', 'knowledge', 'legal', 'meetings', ...above('cases')]],
    ['people', ['knowledge', 'legal', 'meetings', ...above('cases')]],
    ['knowledge', ['people', 'legal', 'meetings', ...above('cases')]],
    // The legal library (statutes) sits beside the knowledge base: mediation cites it.
    ['legal', ['people', 'knowledge', 'meetings', ...above('cases')]],
    // Meetings (issue 19 §2) sit beside them: mediation's hearings keep one, consultations link theirs.
    ['meetings', ['people', 'knowledge', 'legal', ...above('cases')]],
    ['audit', above('cases')],
    ['cases', above('mediation')],
    ['mediation', UPPER],
    ...TOP.map((module) => [module, [...TOP.filter((other) => other !== module), ...TIER2, ...TIER3]]),
    ...TIER2.map((module) => [module, [...TIER2.filter((other) => other !== module), ...TIER3]]),
    ...TIER3.map((module) => [module, TIER3.filter((other) => other !== module)]),
  ].map(([module, below]) => ({
    files: [`server/modules/${module}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer(below), otherModuleInternals(1)] }],
    },
  })),
  {
    files: ['server/modules/*/use-cases/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherModuleInternals(2)] }],
    },
  },
  {
    // Modules own their tables (ADR 0008): who owns which table is read from server/schema.ts and
    // the *.table.ts files it assembles. Outside the rule, on purpose:
    // - *.test.ts, test/, bench/: they set up and inspect state across modules, as a user of the
    //   whole database would, and nothing in production runs them;
    // - server/demo/: the demo loader bulk-writes cases, timelines and mediation files as one
    //   generated history, the way a data import would, for a demo database only;
    // - scripts/: build-time tools (reference data, generated docs), not the running app;
    // - server/migrations/: frozen in time on Kysely<any>, they reshape every table they must.
    files: ['server/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/demo/**', 'server/migrations/**'],
    plugins: { local: { rules: { 'table-ownership': tableOwnership } } },
    rules: { 'local/table-ownership': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain JavaScript that node runs before any loader (`npm start`, ADR 0043).
    files: ['scripts/**/*.mjs', 'server/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', setTimeout: 'readonly' } },
  },
);
