import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { HerokuCli } from "../../../test/support/heroku-cli.js";
import { LocalCertificateAuthority } from "../../local-ca/src/index.js";
import {
  createRendezvousSecret,
  RendezvousServer,
  runSimulatedProcess,
  type RendezvousLogger,
} from "./index.js";

const TOKEN = "rendezvous-test-token";
const NOW = "2025-01-02T03:04:05Z";

const silentLogger: RendezvousLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

interface DynoRequest {
  app: string;
  body: Record<string, unknown>;
}

/**
 * Platform API stub with the three endpoints of `heroku run`. POST
 * /apps/{app}/dynos registers a simulated process with the rendezvous server
 * and returns its attach URL. Apps named `*-cnb` report the "cnb" stack.
 */
class PlatformApiStub {
  readonly dynoRequests: DynoRequest[] = [];
  private readonly server = http.createServer((request, response) => {
    void this.handle(request, response);
  });

  constructor(private readonly rendezvous: RendezvousServer) {}

  async start(): Promise<string> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }

  private async handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body =
      chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const path = new URL(request.url ?? "/", "http://stub").pathname;
    const appMatch = /^\/apps\/([^/]+)(\/dynos)?$/.exec(path);

    if (request.method === "GET" && path === "/account") {
      return send(response, 200, {
        email: "owner@example.com",
        id: "account-1",
        name: "Owner",
      });
    }
    if (request.method === "GET" && appMatch?.[1] && !appMatch[2]) {
      return send(response, 200, appBody(appMatch[1]));
    }
    if (request.method === "POST" && appMatch?.[1] && appMatch[2]) {
      this.dynoRequests.push({ app: appMatch[1], body });
      const command = String(body.command);
      const secret = createRendezvousSecret();
      const { attachUrl } = this.rendezvous.register({
        secret,
        dynoId: "run.1234",
        run: (io) => runSimulatedProcess(command, io),
      });
      return send(response, 201, dynoBody(appMatch[1], command, attachUrl));
    }
    return send(response, 404, { id: "not_found", message: "Not found." });
  }
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function appBody(name: string) {
  const stack = {
    id: "stack-1",
    name: name.endsWith("-cnb") ? "cnb" : "heroku-24",
  };
  return {
    id: `app-${name}`,
    name,
    stack,
    build_stack: stack,
    create_status: "complete",
    created_at: NOW,
    updated_at: NOW,
    generation: { id: "generation-1", name: "cedar" },
    owner: { email: "owner@example.com", id: "account-1" },
    region: { id: "region-1", name: "tokyo" },
    space: { id: "space-1", name: "my-space", shield: false },
    process_tier: "private",
    web_url: `https://${name}.example.test/`,
  };
}

function dynoBody(app: string, command: string, attachUrl: string) {
  return {
    app: { id: `app-${app}`, name: app },
    attach_url: attachUrl,
    command,
    created_at: NOW,
    id: "dyno-1",
    name: "run.1234",
    release: { id: "release-1", version: 1 },
    size: "Private-S",
    state: "starting",
    type: "run",
    updated_at: NOW,
  };
}

describe("heroku run against the rendezvous server", () => {
  let directory: string;
  let rendezvous: RendezvousServer;
  let api: PlatformApiStub;
  let cli: HerokuCli;
  let untrustingCli: HerokuCli;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "heroku-run-"));
    const authority = new LocalCertificateAuthority({
      directory,
      logger: silentLogger,
    });
    rendezvous = new RendezvousServer({
      certificateAuthority: authority,
      logger: silentLogger,
    });
    await rendezvous.start();
    api = new PlatformApiStub(rendezvous);
    const apiUrl = await api.start();
    cli = new HerokuCli({
      apiUrl,
      token: TOKEN,
      extraEnv: { NODE_EXTRA_CA_CERTS: authority.certificatePath },
    });
    untrustingCli = new HerokuCli({ apiUrl, token: TOKEN });
  });

  afterAll(async () => {
    cli.cleanup();
    untrustingCli.cleanup();
    await api.stop();
    await rendezvous.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("echoes piped stdin through the CLI", async () => {
    const result = await cli.run(["run", "echo hi", "-a", "my-app"], {
      input: "echo hi\n",
    });

    expect(result.stdout).toBe(
      'Simulated dyno process for "echo hi": no command runs on the host.\n' +
        "> echo hi\n" +
        "Simulated process exited with status 0.\n",
    );
    expect(result.stderr).toContain(
      "Running echo hi on my-app... up, run.1234",
    );
    expect(result.code).toBe(0);
    expect(api.dynoRequests.at(-1)?.body).toMatchObject({
      attach: true,
      command: "echo hi",
    });
  });

  it("reports the exit status with -x", async () => {
    const result = await cli.run(["run", "-x", "exit 3", "-a", "my-app"]);

    expect(result.stdout).toContain("Simulated process exited with status 3.");
    expect(result.stdout).not.toContain("heroku-command-exit-status");
    expect(result.stderr).toContain("Process exited with code 3");
    expect(result.code).toBe(3);
  });

  it("shows the launcher prefix for cnb apps", async () => {
    const result = await cli.run(["run", "bash", "-a", "my-app-cnb"], {
      input: "pwd\n",
    });

    expect(result.stdout).toContain(
      'Simulated dyno process for "launcher bash"',
    );
    expect(result.stdout).toContain("> pwd\n");
    expect(result.code).toBe(0);
  });

  it("fails without trusting the local CA", async () => {
    const result = await untrustingCli.run(["run", "bash", "-a", "my-app"]);

    expect(result.stdout).not.toContain("Simulated dyno process");
    expect(result.code).toBe(1);
  });
});
