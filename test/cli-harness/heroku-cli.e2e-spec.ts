import { existsSync } from "node:fs";
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";

import {
  HerokuCli,
  HerokuCliTimeoutError,
  PARTICLEBOARD_HEADER,
  PARTICLEBOARD_HEADER_VALUE,
  type RunResult,
} from "../support/heroku-cli.js";
import { waitFor } from "../support/wait-for.js";

const OWNER_TOKEN = "owner-token";
const INVALID_TOKEN = "invalid-token";
/** Requests with this token get no response, so the CLI hangs until the harness kills it. */
const HANGING_TOKEN = "hanging-token";
const ACCOUNT_ID = "6f1c7a52-3b4e-4d8f-9a1b-2c3d4e5f6a7b";
const OWNER_EMAIL = "owner@example.com";

interface RecordedRequest {
  method: string;
  url: string;
  host: string | undefined;
  authorization: string | undefined;
  particleboard: boolean;
}

/**
 * Minimal stand-in for the Platform API and particleboard on one port. It
 * records every request, and every proxy CONNECT, which is how a CLI request
 * to a hardcoded internet host shows up under the harness env.
 */
class StubServer {
  readonly requests: RecordedRequest[] = [];
  readonly proxyTargets: string[] = [];
  readonly hangingResponses: http.ServerResponse[] = [];
  private readonly server = http.createServer((request, response) =>
    this.handle(request, response),
  );

  async start(): Promise<string> {
    this.server.on("connect", (request, socket) => {
      this.proxyTargets.push(request.url ?? "");
      socket.destroy();
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }

  reset(): void {
    this.requests.length = 0;
    this.proxyTargets.length = 0;
  }

  platformRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !request.particleboard);
  }

  particleboardRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.particleboard);
  }

  private handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): void {
    const particleboard =
      request.headers[PARTICLEBOARD_HEADER] === PARTICLEBOARD_HEADER_VALUE;
    this.requests.push({
      method: request.method ?? "",
      url: request.url ?? "",
      host: request.headers.host,
      authorization: request.headers.authorization,
      particleboard,
    });

    const authorization = request.headers.authorization;
    if (authorization === `Bearer ${HANGING_TOKEN}`) {
      this.hangingResponses.push(response);
      return;
    }
    if (authorization !== `Bearer ${OWNER_TOKEN}`) {
      sendJson(response, 401, {
        id: "unauthorized",
        message: "Invalid credentials provided.",
      });
      return;
    }

    if (request.method === "GET" && request.url === "/account") {
      // Particleboard returns delinquency data. Null dates mean no warning.
      const body = particleboard
        ? {
            id: ACCOUNT_ID,
            scheduled_suspension_time: null,
            scheduled_deletion_time: null,
          }
        : { id: ACCOUNT_ID, email: OWNER_EMAIL };
      sendJson(response, 200, body);
      return;
    }
    sendJson(response, 404, { id: "not_found", message: "Not found." });
  }
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

describe("HerokuCli against a stub API", () => {
  const stub = new StubServer();
  let cli: HerokuCli;

  beforeAll(async () => {
    const apiUrl = await stub.start();
    cli = new HerokuCli({ apiUrl, token: OWNER_TOKEN });
  });

  afterAll(async () => {
    cli?.cleanup();
    await stub.stop();
  });

  describe("auth:whoami with a valid token", () => {
    let result: RunResult;

    beforeAll(async () => {
      stub.reset();
      result = await cli.run(["auth:whoami"]);
    });

    it("exits 0", () => {
      expect(result.code).toBe(0);
    });

    it("prints the email on stdout", () => {
      expect(result.stdout.trim()).toBe(OWNER_EMAIL);
    });

    it("keeps stderr free of data", () => {
      expect(result.stderr).not.toContain(OWNER_EMAIL);
    });

    it("sends the bearer token", () => {
      expect(stub.platformRequests()).toEqual([
        expect.objectContaining({
          method: "GET",
          url: "/account",
          authorization: `Bearer ${OWNER_TOKEN}`,
        }),
      ]);
    });

    it("calls particleboard on the stub", () => {
      expect(stub.particleboardRequests()).toEqual([
        expect.objectContaining({
          method: "GET",
          url: "/account",
          authorization: `Bearer ${OWNER_TOKEN}`,
        }),
      ]);
    });

    it("addresses only the stub", () => {
      const hosts = new Set(stub.requests.map((request) => request.host));
      expect([...hosts]).toEqual([`127.0.0.1:${stub.port}`]);
    });

    it("tunnels nothing through the proxy", () => {
      expect(stub.proxyTargets).toEqual([]);
    });
  });

  describe("auth:whoami with an invalid token", () => {
    let other: HerokuCli;
    let result: RunResult;

    beforeAll(async () => {
      stub.reset();
      other = cli.withToken(INVALID_TOKEN);
      result = await other.run(["auth:whoami"]);
    });

    it("exits non-zero", () => {
      expect(result.code).not.toBe(0);
    });

    it("prints the API error", () => {
      expect(result.stderr).toContain("Error: Invalid credentials provided.");
    });

    it("sends the other token", () => {
      const tokens = new Set(
        stub.requests.map((request) => request.authorization),
      );
      expect([...tokens]).toEqual([`Bearer ${INVALID_TOKEN}`]);
    });

    it("uses a separate HOME", () => {
      expect(other.env.HOME).not.toBe(cli.env.HOME);
    });
  });

  it("kills a hung command", async () => {
    stub.reset();
    const run = cli.run(["auth:whoami"], {
      token: HANGING_TOKEN,
      timeoutMs: 2500,
    });
    const outcome = run.then(
      () => "resolved",
      (error: unknown) => error,
    );

    await waitFor(() => stub.hangingResponses.length > 0, {
      description: "the CLI to send its hanging request",
      timeoutMs: 2500,
    });
    const error = await outcome;

    expect(error).toBeInstanceOf(HerokuCliTimeoutError);
    expect((error as HerokuCliTimeoutError).stderr).toContain(
      "HEROKU_API_KEY is set",
    );
    const hanging = stub.hangingResponses[0];
    await waitFor(
      () => hanging?.socket === null || hanging?.socket?.destroyed === true,
      {
        description: "the killed CLI to drop its connection",
      },
    );
  });
});

describe("HerokuCli setup", () => {
  const saved = { ...process.env };

  afterEach(() => {
    for (const name of Object.keys(process.env)) {
      if (!(name in saved)) delete process.env[name];
    }
    Object.assign(process.env, saved);
  });

  it("drops parent HEROKU_ and proxy variables", () => {
    process.env.HEROKU_APP = "parent-app";
    process.env.https_proxy = "http://proxy.invalid:3128";
    const cli = new HerokuCli({ apiUrl: "http://127.0.0.1:1", token: "t" });
    cli.cleanup();

    expect(cli.env.HEROKU_APP).toBeUndefined();
    expect(cli.env.https_proxy).toBeUndefined();
    expect(cli.env.HTTPS_PROXY).toBe("http://127.0.0.1:1");
  });

  it("lets extraEnv override defaults", () => {
    const cli = new HerokuCli({
      apiUrl: "http://127.0.0.1:1",
      token: "t",
      extraEnv: { HEROKU_APP: "extra-app", NO_COLOR: "0" },
    });
    cli.cleanup();

    expect(cli.env.HEROKU_APP).toBe("extra-app");
    expect(cli.env.NO_COLOR).toBe("0");
  });

  it("cleanup removes derived folders", () => {
    const cli = new HerokuCli({ apiUrl: "http://127.0.0.1:1", token: "t" });
    const other = cli.withToken("u");
    cli.cleanup();

    expect(existsSync(cli.rootDir)).toBe(false);
    expect(existsSync(other.rootDir)).toBe(false);
  });
});
