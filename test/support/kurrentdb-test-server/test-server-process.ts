import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

const MAIN = join(import.meta.dirname, "main.js");
const START_TIMEOUT_MS = 10_000;

/** A KurrentDB test server running as a child process (see main.ts). */
export class TestServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** Connection string the server printed. */
    readonly connectionString: string,
  ) {}

  /** Starts the process and waits for the line with its connection string. */
  static async start(args: string[] = []): Promise<TestServerProcess> {
    const child = spawn(process.execPath, [MAIN, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => child.kill(), START_TIMEOUT_MS);
    try {
      for await (const line of lines) {
        if (line.startsWith("EVENT_STORE_URL=")) {
          return new TestServerProcess(
            child,
            line.slice("EVENT_STORE_URL=".length),
          );
        }
      }
    } finally {
      clearTimeout(timer);
    }
    throw new Error(
      `The KurrentDB test server process exited with ${child.exitCode} before it printed EVENT_STORE_URL.`,
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.kill("SIGTERM");
    await exited;
  }
}
