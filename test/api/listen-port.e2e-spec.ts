import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

const SERVER_MAIN = resolve(import.meta.dirname, "../../apps/api/src/main.js");

/** With PORT=0 the system picks the port; the log and the bootstrap hint name the bound one. */
describe("server started with PORT=0", () => {
  let dataDir: string;
  let child: ChildProcess;
  let output = "";

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "listen-port-"));
    child = spawn(process.execPath, [SERVER_MAIN], {
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: dataDir,
        PORT: "0",
        RENDEZVOUS_PORT: "0",
        DNS_SERVERS: `127.0.0.1:${await freePort()}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes("HEROKU_HOST="), {
      description: "the bootstrap hint",
      timeoutMs: 20_000,
    });
  }, 30_000);

  afterAll(() => {
    child?.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs the bound port and serves on it", async () => {
    const listening =
      /Platform API listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(output);
    const port = Number(listening?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(output).toContain(`HEROKU_HOST=http://127.0.0.1:${port}`);
    const health = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(health.status).toBe(200);
  });
});
