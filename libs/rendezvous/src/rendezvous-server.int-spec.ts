import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type TLSSocket } from "node:tls";

import { LocalCertificateAuthority } from "../../local-ca/src/index.js";
import {
  createRendezvousSecret,
  RENDEZVOUS_GREETING,
  RendezvousServer,
  runSimulatedProcess,
  type RendezvousLogger,
  type RendezvousServerOptions,
  type SessionIO,
} from "./index.js";

class RecordingLogger implements RendezvousLogger {
  readonly messages: string[] = [];
  log = (message: string) => void this.messages.push(message);
  warn = (message: string) => void this.messages.push(message);
  error = (message: string) => void this.messages.push(message);
}

/** A TLS client that trusts only the local CA and records every chunk it receives. */
class TestClient {
  readonly chunks: string[] = [];
  readonly closed: Promise<void>;
  private readonly socket: TLSSocket;
  private waiters: (() => void)[] = [];

  constructor(port: number, caPem: string, firstLine: string) {
    this.socket = connect({ host: "127.0.0.1", port, ca: caPem });
    this.socket.setEncoding("utf8");
    this.socket.on("secureConnect", () => this.socket.write(firstLine));
    this.socket.on("data", (chunk: string) => {
      this.chunks.push(chunk);
      for (const waiter of this.waiters.splice(0)) waiter();
    });
    this.closed = new Promise((resolve, reject) => {
      this.socket.on("error", reject);
      this.socket.on("close", () => resolve());
    });
  }

  /** Output after the greeting chunk, as the Heroku CLI prints it. */
  get output(): string {
    return this.chunks.slice(1).join("");
  }

  write(text: string): void {
    this.socket.write(text);
  }

  destroy(): void {
    this.socket.destroy();
  }

  async waitForOutput(text: string): Promise<void> {
    while (!this.output.includes(text)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

describe("RendezvousServer", () => {
  let directory: string;
  let authority: LocalCertificateAuthority;
  let logger: RecordingLogger;
  let server: RendezvousServer;

  const startServer = async (
    options: Partial<RendezvousServerOptions> = {},
  ) => {
    server = new RendezvousServer({
      certificateAuthority: authority,
      logger,
      ...options,
    });
    await server.start();
  };
  const client = (secret: string, lineEnd = "\r\n") =>
    new TestClient(server.port, authority.certificatePem, secret + lineEnd);

  /** Registers a simulated process for `command` and records its exit status. */
  const registerSimulated = (command: string, ttlMs?: number) => {
    const secret = createRendezvousSecret();
    const exit: { status?: number } = {};
    server.register({
      secret,
      dynoId: "run.1234",
      ttlMs,
      run: async (io) => (exit.status = await runSimulatedProcess(command, io)),
    });
    return { secret, exit };
  };

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "rendezvous-"));
    authority = new LocalCertificateAuthority({
      directory,
      logger: new RecordingLogger(),
    });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  beforeEach(async () => {
    logger = new RecordingLogger();
    await startServer();
  });
  afterEach(() => server.stop());

  it("sends the greeting as its own chunk", async () => {
    const secret = createRendezvousSecret();
    server.register({
      secret,
      dynoId: "run.1",
      run: async (io) => {
        await io.write("first output\r\n");
        return 0;
      },
    });

    const attached = client(secret, "\r\n\u0004");
    await attached.closed;

    expect(attached.chunks[0]).toBe(RENDEZVOUS_GREETING);
    expect(attached.output).toBe("first output\r\n");
  });

  it("echoes input until EOT, then closes", async () => {
    const { secret, exit } = registerSimulated("bash");
    const attached = client(secret);

    await attached.waitForOutput("no command runs on the host.\r\n");
    attached.write("echo hi\n");
    await attached.waitForOutput("> echo hi\r\n");
    attached.write("ls -la\r\n\u0004ignored after EOT\n");
    await attached.closed;

    expect(attached.output).toBe(
      'Simulated dyno process for "bash": no command runs on the host.\r\n' +
        "> echo hi\r\n" +
        "> ls -la\r\n" +
        "Simulated process exited with status 0.\r\n",
    );
    expect(exit.status).toBe(0);
  });

  it("accepts input sent with the secret", async () => {
    const { secret } = registerSimulated("bash");
    const attached = client(secret, "\r\necho early\n\u0004");
    await attached.closed;

    expect(attached.output).toContain("> echo early\r\n");
  });

  it("waits for EOT after `exit N`", async () => {
    const { secret, exit } = registerSimulated("launcher exit 3");
    const attached = client(secret);
    await attached.waitForOutput("Simulated process exited with status 3.\r\n");
    let closed = false;
    void attached.closed.then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(exit.status).toBe(3);
    expect(closed).toBe(false);
    attached.write("\u0004");
    await attached.closed;
  });

  it("closes without EOT after the wait", async () => {
    await server.stop();
    await startServer({ inputEndWaitMs: 50 });
    const { secret, exit } = registerSimulated("exit 0");
    const attached = client(secret);
    await attached.closed;

    expect(attached.output).toContain(
      "Simulated process exited with status 0.",
    );
    expect(exit.status).toBe(0);
  });

  it("rejects a wrong secret silently", async () => {
    const { secret, exit } = registerSimulated("bash");
    const rejected = client(createRendezvousSecret());
    await rejected.closed;

    expect(rejected.chunks).toEqual([]);
    expect(logger.messages).toContainEqual(
      expect.stringContaining("unknown or already used secret"),
    );
    // The registered session is still there for its own secret.
    const attached = client(secret, "\r\n\u0004");
    await attached.closed;
    expect(exit.status).toBe(0);
  });

  it("rejects a reused secret", async () => {
    const { secret } = registerSimulated("bash");
    const first = client(secret, "\r\n\u0004");
    await first.closed;
    const second = client(secret, "\r\n\u0004");
    await second.closed;

    expect(first.chunks[0]).toBe(RENDEZVOUS_GREETING);
    expect(second.chunks).toEqual([]);
  });

  it("rejects an expired session", async () => {
    const { secret, exit } = registerSimulated("bash", 20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rejected = client(secret);
    await rejected.closed;

    expect(rejected.chunks).toEqual([]);
    expect(exit.status).toBeUndefined();
    expect(logger.messages).toContainEqual(
      expect.stringContaining("for dyno run.1234: session expired"),
    );
  });

  it("rejects an overlong first line", async () => {
    const rejected = client("x".repeat(300));
    await rejected.closed;

    expect(rejected.chunks).toEqual([]);
    expect(logger.messages).toContainEqual(
      expect.stringContaining("first line longer than 256 bytes"),
    );
  });

  it("times out a client without a secret", async () => {
    await server.stop();
    await startServer({ firstLineTimeoutMs: 100 });
    const silent = client("", "");
    await silent.closed;

    expect(silent.chunks).toEqual([]);
    expect(logger.messages).toContainEqual(
      expect.stringContaining("timed out before sending a secret"),
    );
  });

  it("aborts the signal on client disconnect", async () => {
    const secret = createRendezvousSecret();
    let sessionIo: SessionIO | undefined;
    const aborted = new Promise<void>((resolve) =>
      server.register({
        secret,
        dynoId: "run.5",
        run: async (io) => {
          sessionIo = io;
          await io.write("ready\r\n");
          await new Promise((done) =>
            io.signal.addEventListener("abort", done),
          );
          resolve();
          return 0;
        },
      }),
    );
    const attached = client(secret);
    await attached.waitForOutput("ready");
    attached.destroy();
    await aborted;

    expect(sessionIo?.signal.aborted).toBe(true);
  });

  it("logs dyno ids but no secrets", async () => {
    const { secret } = registerSimulated("bash");
    const attached = client(secret, "\r\n\u0004");
    await attached.closed;
    await server.stop();

    const logged = logger.messages.join("\n");
    expect(logged).toContain("Rendezvous server listening on 127.0.0.1:");
    expect(logged).toContain("attached to dyno run.1234");
    expect(logged).toContain(
      "Dyno run.1234 process exited with status 0, closing",
    );
    expect(logged).toContain("Rendezvous server stopped");
    expect(logged).not.toContain(secret);
  });

  it("validates secrets on registration", () => {
    const run = async () => 0;
    expect(() =>
      server.register({ secret: "short", dynoId: "run.1", run }),
    ).toThrow("Invalid rendezvous secret");
    const secret = createRendezvousSecret();
    const { attachUrl } = server.register({ secret, dynoId: "run.1", run });
    expect(attachUrl).toBe(`rendezvous://127.0.0.1:${server.port}/${secret}`);
    expect(() => server.register({ secret, dynoId: "run.2", run })).toThrow(
      "already registered",
    );
  });
});
