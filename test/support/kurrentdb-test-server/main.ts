/**
 * Runs the KurrentDB test server (test infrastructure, in memory) as a
 * process of its own, so that several processes can share one store:
 *
 *   node dist/test/support/kurrentdb-test-server/main.js [--port 2113] [--single-appends]
 *
 * It prints one line `EVENT_STORE_URL=<connection string>` once it listens,
 * and stops on SIGINT or SIGTERM. The events are lost when it stops.
 */
import { parseArgs } from "node:util";

import { KurrentDbTestServer } from "./kurrentdb-test-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "single-appends": { type: "boolean", default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    `Invalid --port ${values.port}: use an integer from 0 to 65535 (0 picks a free port).\n`,
  );
  process.exit(2);
}

const server = await KurrentDbTestServer.create({
  port,
  batchAppend: !values["single-appends"],
});
process.stdout.write(`EVENT_STORE_URL=${server.connectionString}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.stop();
    process.stderr.write(
      `KurrentDB test server on port ${server.port} stopped by ${signal}.\n`,
    );
    process.exit(0);
  });
}
