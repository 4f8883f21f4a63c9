import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

const BINARY = process.env.CHALLTESTSRV_BIN ?? "pebble-challtestsrv";
const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 10_000;

export interface ChallTestSrvOptions {
  /**
   * Address for A queries that match no record added with `addA`; default
   * 127.0.0.1 (what Pebble needs). With an empty string they get no record.
   */
  defaultIPv4?: string;
}

/** Checks whether the `pebble-challtestsrv` binary can be run (Debian package `pebble`). */
export function challTestSrvInstalled(): boolean {
  const probe = spawnSync(BINARY, ["-h"], { stdio: "ignore" });
  return probe.error === undefined;
}

/**
 * `pebble-challtestsrv` as a mock DNS server on 127.0.0.1, with every
 * challenge listener off and records set through its management API.
 * AAAA queries without a record get an empty response, because with an AAAA of ::1
 * Pebble dials IPv6 only.
 */
export class ChallTestSrv {
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    /** UDP and TCP port of the DNS listener. */
    readonly dnsPort: number,
    readonly managementUrl: string,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk));
  }

  /** `127.0.0.1:<port>`, the form `DNS_SERVERS` and Pebble's `-dnsserver` take. */
  get dnsAddress(): string {
    return `127.0.0.1:${this.dnsPort}`;
  }

  /** Everything the server printed so far, for failure messages. */
  get logs(): string {
    return this.output;
  }

  /**
   * Starts the server on free ports, retrying with new ports when one was
   * taken in between. Throws when the binary is missing.
   */
  static async start(options: ChallTestSrvOptions = {}): Promise<ChallTestSrv> {
    if (!challTestSrvInstalled()) {
      throw new Error(
        `${BINARY} is not installed: install it with "apt-get install -y pebble" or set CHALLTESTSRV_BIN.`,
      );
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
      const server = await ChallTestSrv.spawn(options);
      try {
        await server.waitUntilReady();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw new Error(
      `${BINARY} did not start after ${START_ATTEMPTS} attempts: ${String(lastError)}`,
    );
  }

  addA(host: string, addresses: string[]): Promise<void> {
    return this.post("/add-a", { host, addresses });
  }

  clearA(host: string): Promise<void> {
    return this.post("/clear-a", { host });
  }

  addAaaa(host: string, addresses: string[]): Promise<void> {
    return this.post("/add-aaaa", { host, addresses });
  }

  clearAaaa(host: string): Promise<void> {
    return this.post("/clear-aaaa", { host });
  }

  /** Makes `host` a CNAME of `target`. */
  setCname(host: string, target: string): Promise<void> {
    return this.post("/set-cname", { host, target });
  }

  clearCname(host: string): Promise<void> {
    return this.post("/clear-cname", { host });
  }

  /** Makes every query for `host` fail with SERVFAIL. */
  setServfail(host: string): Promise<void> {
    return this.post("/set-servfail", { host });
  }

  clearServfail(host: string): Promise<void> {
    return this.post("/clear-servfail", { host });
  }

  /** Adds a TXT record; the host needs its trailing dot, as in `_acme-challenge.example.com.`. */
  setTxt(host: string, value: string): Promise<void> {
    return this.post("/set-txt", { host, value });
  }

  clearTxt(host: string): Promise<void> {
    return this.post("/clear-txt", { host });
  }

  /** Stops the server with SIGTERM and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      child.once("exit", () => resolve()),
    );
    child.kill("SIGTERM");
    await exited;
  }

  private static async spawn(
    options: ChallTestSrvOptions,
  ): Promise<ChallTestSrv> {
    const dnsPort = await freePort();
    const managementPort = await freePort();
    const child = spawn(
      BINARY,
      [
        "-dns01",
        `127.0.0.1:${dnsPort}`,
        "-management",
        `127.0.0.1:${managementPort}`,
        "-http01",
        "",
        "-https01",
        "",
        "-tlsalpn01",
        "",
        "-defaultIPv4",
        options.defaultIPv4 ?? "127.0.0.1",
        "-defaultIPv6",
        "",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    return new ChallTestSrv(
      child,
      dnsPort,
      `http://127.0.0.1:${managementPort}`,
    );
  }

  /** Polls the management API; the log line about listening comes before the port is bound. */
  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `${BINARY} exited with ${this.child.exitCode}:\n${this.output}`,
        );
      }
      try {
        // Any HTTP answer, a 404 included, shows that the listener is up.
        await fetch(`${this.managementUrl}/`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    throw new Error(
      `${BINARY} did not answer on ${this.managementUrl} within ${READY_TIMEOUT_MS} ms:\n${this.output}`,
    );
  }

  private async post(path: string, body: object): Promise<void> {
    const response = await fetch(`${this.managementUrl}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(
        `${BINARY} ${path} returned ${response.status}: ${await response.text()}`,
      );
    }
  }
}

/** Finds a free TCP port on 127.0.0.1; the DNS listener takes the same UDP port. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
