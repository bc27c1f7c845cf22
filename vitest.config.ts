import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Azurite for the whole run; every test file uses its own queue and table names in it.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files each start a Functions host process; two cores run two at a time well.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
