/** Jest runs the compiled tests in dist/ as native ES modules (npm test builds first). */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/dist"],
  testMatch: ["**/*.spec.js", "**/*.int-spec.js", "**/*.e2e-spec.js"],
  transform: {},
  testTimeout: 60000,
};
