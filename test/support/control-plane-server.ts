import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { STREAM_PREFIXES } from "../../libs/domain/src/index.js";
import {
  type EventStore,
  KurrentDbEventStore,
  SqliteEventStore,
} from "../../libs/event-store/src/index.js";
import { KurrentDbTestServer } from "./kurrentdb-test-server/kurrentdb-test-server.js";
import { waitFor } from "./wait-for.js";

const execFileAsync = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");
const SERVER_MAIN = join(ROOT, "dist/apps/api/src/main.js");
const ADMIN_MAIN = join(ROOT, "dist/apps/admin/src/main.js");

/**
 * `CONTROL_PLANE_EVENT_STORE=kurrentdb-test-server` makes every server of
 * the test run keep its log on a KurrentDB test server in this process, one
 * per data folder, instead of DATA_DIR/events.sqlite. `npm run
 * test:e2e:kurrentdb` sets it.
 */
function useKurrentDbTestServer(): boolean {
  return process.env.CONTROL_PLANE_EVENT_STORE === "kurrentdb-test-server";
}
const testServers = new Map<string, KurrentDbTestServer>();

/**
 * Stops the KurrentDB test servers of this test file, including those of
 * data folders that a test passed in and so never disposes with a server.
 */
export function stopKurrentDbTestServers(): void {
  for (const server of testServers.values()) server.stop();
  testServers.clear();
}

/** Returns the KurrentDB test server of a data folder, starting it on first use. */
async function testServerFor(dataDir: string): Promise<KurrentDbTestServer> {
  const existing = testServers.get(dataDir);
  if (existing) return existing;
  const server = await KurrentDbTestServer.create();
  testServers.set(dataDir, server);
  return server;
}

/**
 * Environment that points a server or operator CLI at the event store of a
 * data folder: empty for the SQLite log, EVENT_STORE_URL for a KurrentDB
 * test server.
 */
export function eventStoreEnv(dataDir: string): Record<string, string> {
  const server = testServers.get(dataDir);
  return server ? { EVENT_STORE_URL: server.connectionString } : {};
}

/** Opens the event store a server on `dataDir` uses, for tests that read or write the log directly. */
export function openEventStore(dataDir: string): EventStore {
  const url = eventStoreEnv(dataDir).EVENT_STORE_URL;
  if (url === undefined) {
    return new SqliteEventStore(join(dataDir, "events.sqlite"));
  }
  const quiet = () => undefined;
  return new KurrentDbEventStore(url, {
    streamPrefixes: STREAM_PREFIXES,
    logger: { log: quiet, warn: quiet, error: quiet },
  });
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
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

export interface ServerOptions {
  /** Data folder to reuse, such as after a restart; default a new temporary folder. */
  dataDir?: string;
  /** Port of the API, such as one an ACME test server validates challenges on; default a free port. */
  port?: number;
  env?: Record<string, string>;
}

/**
 * The compiled server running as a child process on 127.0.0.1 with its own
 * data folder, plus the operator CLI against the same folder.
 */
export class ControlPlaneServer {
  readonly url: string;
  private output = "";

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private process: ChildProcess,
    private readonly ownsDataDir: boolean,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(options: ServerOptions = {}): Promise<ControlPlaneServer> {
    const dataDir =
      options.dataDir ?? mkdtempSync(join(tmpdir(), "control-plane-"));
    const port = options.port ?? (await freePort());
    if (useKurrentDbTestServer()) await testServerFor(dataDir);
    // DNS checks of custom domains go to a closed local port unless a test
    // names a DNS server, so no test sends a query to the machine's resolver.
    const env = {
      DNS_SERVERS: `127.0.0.1:${await freePort()}`,
      ...eventStoreEnv(dataDir),
      ...options.env,
    };
    const child = ControlPlaneServer.spawnServer(dataDir, port, env);
    const server = new ControlPlaneServer(
      dataDir,
      port,
      child,
      !options.dataDir,
      env,
    );
    await server.waitUntilReady(child);
    return server;
  }

  /** Everything the server printed so far, for failure messages. */
  get logs(): string {
    return this.output;
  }

  /** Runs `npm run admin -- <args>` against the server's data folder. */
  async admin(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(
      process.execPath,
      [ADMIN_MAIN, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          DATA_DIR: this.dataDir,
          ...this.env,
        },
        timeout: 30_000,
      },
    );
    return stdout;
  }

  /** Creates an account and returns its API token. */
  async createAccount(email: string): Promise<string> {
    const output = await this.admin("accounts:create", email);
    const token = output.trim().split("\n").at(-1);
    if (!token?.startsWith("scp_"))
      throw new Error(`accounts:create printed no token: ${output}`);
    return token;
  }

  /** Sends a Platform API request with a bearer token. */
  request(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: {
        accept: "application/vnd.heroku+json; version=3",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
    };
    if (body !== undefined)
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    return fetch(`${this.url}${path}`, init);
  }

  /** Position of the last event in the log, as `/health` reports it. */
  async headPosition(): Promise<number> {
    const response = await fetch(`${this.url}/health`);
    const body = (await response.json()) as { event_store: { head: number } };
    return body.event_store.head;
  }

  /**
   * Waits until the log's head stays put for `quietMs`, then returns it.
   * Sagas append in the background after a request (a space app's
   * default-domain certificate, for one), so a test that checks that a
   * rejected request appended nothing measures from a settled head.
   */
  async settledHeadPosition(quietMs = 200): Promise<number> {
    let head = await this.headPosition();
    let since = Date.now();
    await waitFor(
      async () => {
        const current = await this.headPosition();
        if (current !== head) {
          head = current;
          since = Date.now();
        }
        return Date.now() - since >= quietMs;
      },
      {
        description: `the log head to stay put for ${quietMs} ms`,
        timeoutMs: 10_000,
        intervalMs: 25,
      },
    );
    return head;
  }

  /** Stops the server with SIGTERM (or `signal`) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.process;
    if (child.exitCode !== null || child.signalCode !== null)
      return child.exitCode;
    const exited = new Promise<number | null>((resolveExit) =>
      child.once("exit", (code) => resolveExit(code)),
    );
    child.kill(signal);
    return exited;
  }

  /** Stops the server and starts it again on the same data folder and port. */
  async restart(): Promise<void> {
    await this.stop();
    this.process = ControlPlaneServer.spawnServer(
      this.dataDir,
      this.port,
      this.env,
    );
    await this.waitUntilReady(this.process);
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) {
      testServers.get(this.dataDir)?.stop();
      testServers.delete(this.dataDir);
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  private static spawnServer(
    dataDir: string,
    port: number,
    env: Record<string, string>,
  ): ChildProcess {
    return spawn(process.execPath, [SERVER_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        // PORT + 1, the default, may be taken by another socket, for
        // example a client's local port, and the server would not start.
        RENDEZVOUS_PORT: "0",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    child.stdout?.on(
      "data",
      (chunk: Buffer) => (this.output += chunk.toString()),
    );
    child.stderr?.on(
      "data",
      (chunk: Buffer) => (this.output += chunk.toString()),
    );
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `Server exited with ${child.exitCode}:\n${this.output}`,
          );
        try {
          return (await fetch(`${this.url}/health`)).ok;
        } catch {
          return false;
        }
      },
      {
        description: `server on ${this.url} to become ready`,
        timeoutMs: 20_000,
        intervalMs: 50,
      },
    );
  }
}
