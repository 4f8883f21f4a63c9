/**
 * Jest runs the compiled tests in dist/ as native ES modules (npm test builds
 * first). The kurrentdb-e2e project runs the end-to-end suites a second time
 * with every server's log on a KurrentDB test server.
 */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/dist"],
  transform: {},
};

export default {
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: "default",
      testMatch: ["**/*.spec.js", "**/*.int-spec.js", "**/*.e2e-spec.js"],
    },
    {
      ...common,
      displayName: "kurrentdb-e2e",
      testMatch: [
        "<rootDir>/dist/test/{e2e,api,dynos,cli-harness,domains,certificates}/**/*.e2e-spec.js",
      ],
      setupFilesAfterEnv: [
        "<rootDir>/dist/test/support/use-kurrentdb-test-server.js",
      ],
    },
  ],
};
