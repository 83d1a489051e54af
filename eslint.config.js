// Lint: TypeScript's recommended rules, plus the house rules that a linter can see.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'out/**', 'test/e2e/screens/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No shell strings anywhere: execFile/spawn with argument arrays only.
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/electron and preload may import electron.' }],
      }],
      'no-restricted-properties': ['error',
        { object: 'child_process', property: 'exec', message: 'Use execFile/spawn with an argument array.' },
        { object: 'child_process', property: 'execSync', message: 'Use execFileSync with an argument array.' },
      ],
    },
  },
  {
    // Plain JavaScript launchers and scripts run on Node.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    // The only code that may import electron (its window, and the preload bridge).
    files: ['main/electron/**/*.ts', 'preload/**/*.cts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // A sandboxed preload is a CommonJS script: require('electron') is the only way in.
    files: ['preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
