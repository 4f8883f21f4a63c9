import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ChallTestSrv } from "./challtestsrv.js";
import { freePort } from "./control-plane-server.js";
import { waitFor } from "./wait-for.js";

const execFileAsync = promisify(execFile);
const START_TRIES = 5;

/** Checks whether `pebble` and `pebble-challtestsrv` are on the PATH. */
export async function pebbleInstalled(): Promise<boolean> {
  try {
    await execFileAsync("sh", [
      "-c",
      "command -v pebble && command -v pebble-challtestsrv",
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns jest's `describe` when Pebble is installed and `describe.skip`
 * otherwise. Under `CI=true` a missing Pebble throws, so the run fails
 * instead of skipping the suite.
 */
export async function describeWhenPebbleInstalled(): Promise<
  typeof describe | typeof describe.skip
> {
  if (await pebbleInstalled()) return describe;
  if (process.env.CI === "true")
    throw new Error(
      "pebble and pebble-challtestsrv are missing: install Debian's pebble package.",
    );
  return describe.skip;
}

export interface PebbleOptions {
  /** Port where Pebble validates http-01 challenges: the control plane's API port. */
  httpPort: number;
  /** Lifetime of issued certificates in seconds; default Pebble's (about 5 years). */
  certificateValidityPeriod?: number;
}

/**
 * A real Pebble ACME server (Debian's pebble 2.4) and its mock DNS server
 * pebble-challtestsrv ({@link ChallTestSrv}), every listener on 127.0.0.1.
 * Every A query resolves to 127.0.0.1 unless a test sets another record, so
 * Pebble validates http-01 challenges against `127.0.0.1:<httpPort>`.
 * Pebble's directory has a self-signed certificate made with openssl,
 * trusted through `caFile`.
 */
export class Pebble {
  readonly caFile: string;
  private pebble: ChildProcess | null = null;
  private pebbleOutput = "";
  private ports = { acme: 0, management: 0 };
  private readonly agent: Agent;

  private constructor(
    private readonly directory: string,
    private readonly options: PebbleOptions,
    caPem: string,
    /** The mock DNS that Pebble queries; tests set records on it. */
    readonly dns: ChallTestSrv,
  ) {
    this.caFile = join(directory, "pebble-tls.pem");
    this.agent = new Agent({ ca: caPem });
  }

  static async start(options: PebbleOptions): Promise<Pebble> {
    const directory = mkdtempSync(join(tmpdir(), "pebble-"));
    const certificate = join(directory, "pebble-tls.pem");
    const key = join(directory, "pebble-tls-key.pem");
    await execFileAsync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      key,
      "-out",
      certificate,
    ]);
    const dns = await ChallTestSrv.start();
    const pebble = new Pebble(
      directory,
      options,
      readFileSync(certificate, "utf8"),
      dns,
    );
    try {
      await pebble.startPebble();
    } catch (error) {
      await pebble.dispose();
      throw error;
    }
    return pebble;
  }

  get directoryUrl(): string {
    return `https://127.0.0.1:${this.ports.acme}/dir`;
  }

  /** `127.0.0.1:<port>` of the mock DNS, the form `DNS_SERVERS` takes. */
  get dnsAddress(): string {
    return this.dns.dnsAddress;
  }

  /** Everything Pebble printed since it first started. */
  get logs(): string {
    return this.pebbleOutput;
  }

  /** Order URLs Pebble created, from its log lines, in order. */
  get createdOrders(): string[] {
    return [...this.pebbleOutput.matchAll(/Added order "([^"]+)"/g)].map(
      (match) => match[1] ?? "",
    );
  }

  /** Environment that points the control plane's ACME issuer at this Pebble. */
  serverEnv(): Record<string, string> {
    return {
      CERT_ISSUER: "acme",
      ACME_DIRECTORY_URL: this.directoryUrl,
      ACME_CA_FILE: this.caFile,
      ACME_ACCOUNT_EMAIL: "acme@example.com",
    };
  }

  /** Fetches the root that signs this run's certificates; Pebble makes a new one at every start. */
  async root(): Promise<string> {
    return this.get(this.ports.management, "/roots/0");
  }

  /** Makes `host` resolve to `address` in the mock DNS. */
  async addA(host: string, address: string): Promise<void> {
    await this.dns.addA(host, [address]);
  }

  /** Makes `host` a CNAME of `target` in the mock DNS. */
  async setCname(host: string, target: string): Promise<void> {
    await this.dns.setCname(host, target);
  }

  /** Stops Pebble only (the DNS server keeps running), as in a CA outage. */
  async stopCa(): Promise<void> {
    await stopProcess(this.pebble);
    this.pebble = null;
  }

  /** Starts Pebble again on the same ports, with a new root. */
  async restartCa(): Promise<void> {
    await this.launchPebble();
  }

  async dispose(): Promise<void> {
    await stopProcess(this.pebble);
    await this.dns.stop();
    this.pebble = null;
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async startPebble(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      this.ports.acme = await freePort();
      this.ports.management = await freePort();
      try {
        await this.launchPebble();
        return;
      } catch (error) {
        await stopProcess(this.pebble);
        if (attempt >= START_TRIES) throw error;
      }
    }
  }

  private async launchPebble(): Promise<void> {
    const configFile = join(this.directory, "pebble-config.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        pebble: {
          listenAddress: `127.0.0.1:${this.ports.acme}`,
          managementListenAddress: `127.0.0.1:${this.ports.management}`,
          certificate: this.caFile,
          privateKey: join(this.directory, "pebble-tls-key.pem"),
          httpPort: this.options.httpPort,
          tlsPort: this.options.httpPort,
          ocspResponderURL: "",
          externalAccountBindingRequired: false,
          ...(this.options.certificateValidityPeriod
            ? {
                certificateValidityPeriod:
                  this.options.certificateValidityPeriod,
              }
            : {}),
        },
      }),
    );
    const child = spawn(
      "pebble",
      ["-config", configFile, "-dnsserver", this.dns.dnsAddress],
      {
        env: {
          PATH: process.env.PATH ?? "",
          PEBBLE_VA_NOSLEEP: "1",
          PEBBLE_AUTHZREUSE: "0",
          PEBBLE_WFE_NONCEREJECT: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.pebble = child;
    collect(child, (text) => (this.pebbleOutput += text));
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `pebble exited with ${child.exitCode}:\n${this.pebbleOutput}`,
          );
        await this.get(this.ports.acme, "/dir");
        return child.exitCode === null;
      },
      { description: "pebble to serve its directory", timeoutMs: 10_000 },
    );
  }

  private get(port: number, path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: "127.0.0.1", port, path, method: "GET", agent: this.agent },
        (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (body += chunk));
          response.on("end", () =>
            response.statusCode === 200
              ? resolve(body)
              : reject(new Error(`GET ${path}: ${response.statusCode}`)),
          );
        },
      );
      call.on("error", reject);
      call.end();
    });
  }
}

function collect(child: ChildProcess, append: (text: string) => void): void {
  child.stdout?.on("data", (chunk: Buffer) => append(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => append(chunk.toString()));
}

async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => resolve()),
  );
  child.kill("SIGTERM");
  await exited;
}
