import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const uiOnlyPackages = [
  { name: 'react', message: 'Only src/ui may use React.' },
  { name: 'react-dom', message: 'Only src/ui may use React.' },
  { name: 'zustand', message: 'Only src/ui may use zustand stores.' },
  { name: '@xstate/react', message: 'Only src/ui may use @xstate/react.' },
];
const uiOnlyPatterns = ['react/*', 'react-dom/*', 'zustand/*'];

/** The layers of DESIGN.md, each allowed to import only those below it. */
const layers = {
  sim: [],
  artifact: ['sim'],
  machines: ['sim', 'artifact'],
  devices: ['sim', 'artifact', 'machines'],
  server: ['sim', 'artifact'],
  fleet: ['sim', 'artifact', 'machines', 'devices', 'server'],
  lab: ['sim', 'artifact', 'machines', 'devices', 'server', 'fleet'],
  cli: ['sim', 'artifact', 'machines', 'devices', 'server', 'fleet', 'lab'],
};
const allLayers = [...Object.keys(layers), 'ui'];

function boundaryRule(layer, allowed) {
  const forbidden = allLayers.filter(
    (other) => other !== layer && !allowed.includes(other),
  );
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiOnlyPackages,
          patterns: [
            { group: uiOnlyPatterns, message: 'Only src/ui may use React or zustand.' },
            ...forbidden.map((other) => ({
              group: [`**/${other}`, `**/${other}/**`],
              message: `src/${layer} may not import src/${other} (see the layers in DESIGN.md).`,
            })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public/mockServiceWorker.js',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...Object.entries(layers).map(([layer, allowed]) => boundaryRule(layer, allowed)),
  {
    // Simulation code takes its time and randomness from the injected clock and seed.
    files: ['src/{sim,artifact,machines,devices,server,fleet,lab}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the virtual clock.' },
        { name: 'setInterval', message: 'Use the virtual clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'Math', property: 'random', message: 'Use the seeded random source.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
