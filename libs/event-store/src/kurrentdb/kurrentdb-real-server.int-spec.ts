import { describeEventStoreContract } from "../contract/event-store.contract.js";
import { errorMessage } from "./error-mapping.js";
import {
  KurrentDbEventStore,
  redactConnectionString,
} from "./kurrentdb-event-store.js";

/**
 * The contract suite against a real KurrentDB or EventStoreDB server, run
 * when `KURRENTDB_TEST_URL` contains its connection string, for example
 * `kurrentdb://admin:changeit@127.0.0.1:2113?tls=false`. The tests write
 * streams named `contract-<uuid>` and leave them in the server's log.
 */
const url = process.env.KURRENTDB_TEST_URL?.trim();
const PROBE_TIMEOUT_MS = 5000;

/** Returns why the server cannot be used, or null when it returned a read. */
async function probe(connectionString: string): Promise<string | null> {
  const store = new KurrentDbEventStore(connectionString, {
    streamPrefixes: ["contract-"],
    logger: {
      log: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.headPosition(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no response within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return null;
  } catch (error) {
    return errorMessage(error);
  } finally {
    clearTimeout(timer);
    await store.close();
  }
}

const unreachable = url ? await probe(url) : "KURRENTDB_TEST_URL is not set";

if (url && unreachable && process.env.CI === "true") {
  // In CI a configured server that does not respond is a failure, not a skip.
  describe("KurrentDB real server", () => {
    it("is reachable", () => {
      throw new Error(
        `KURRENTDB_TEST_URL=${redactConnectionString(url)} is set but the server did not respond: ${unreachable}`,
      );
    });
  });
} else if (!url || unreachable) {
  process.stderr.write(
    `Skipping the event store contract on a real KurrentDB server: ${url ? `${redactConnectionString(url)} did not respond: ${unreachable}` : unreachable}\n`,
  );
  describe("KurrentDB real server", () => {
    it.skip("passes the contract suite (set KURRENTDB_TEST_URL)", () =>
      undefined);
  });
} else {
  describeEventStoreContract(
    "KurrentDbEventStore on a real server",
    async () => {
      const store = new KurrentDbEventStore(url, {
        streamPrefixes: ["contract-"],
        logger: {
          log: () => undefined,
          warn: (message) => process.stderr.write(`${message}\n`),
          error: (message) => process.stderr.write(`${message}\n`),
        },
      });
      return { store, cleanup: () => store.close() };
    },
  );
}
