// ESLint: the recommended rules of ESLint and typescript-eslint over the whole tree (`npm run lint`),
// and eslint-plugin-vue's essential rules (what is an error in Vue, not layout: Prettier formats) over
// the console's .vue files, whose <script setup lang="ts"> is parsed by typescript-eslint's parser.
import js from '@eslint/js';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused binding (a destructured field left out, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  ...pluginVue.configs['flat/essential'],
  {
    files: ['apps/console/**/*.vue', 'apps/console/**/*.ts'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
    rules: {
      // Screens are named by their role (DashboardView, ProblemBanner); single words (App) are the root's.
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
