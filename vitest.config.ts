import { defineConfig } from 'vitest/config';

// CI asks for a JSON report too, to prove that the PostgreSQL, browser and seed tests ran.
const report = process.env.BEIGUAN_TEST_REPORT;

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Browser tests walk many pages; two busy cores make them slow, not wrong.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores: PostgreSQL, Chromium and the workers share them.
    maxWorkers: 2,
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
