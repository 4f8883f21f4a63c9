import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectOk } from "../api/api-helpers.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The server is killed with SIGKILL between the removal of a custom domain
 * and the release of its hostname, then restarted on the same data folder.
 * The client's retry of the DELETE, with the same Request-Id, frees the
 * hostname.
 */

const ADMIN = "admin@example.com";
const HOSTNAME = "crash.example.com";

describe("domain removal crash", () => {
  let dataDir: string;
  let server: ControlPlaneServer | undefined;

  const start = async (env: Record<string, string>) => {
    server = await ControlPlaneServer.start({ dataDir, env });
    return server;
  };

  const isAlive = async (running: ControlPlaneServer) => {
    try {
      return (await fetch(`${running.url}/health`)).ok;
    } catch {
      return false;
    }
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "domain-crash-"));
  });

  afterEach(async () => {
    await server?.stop("SIGKILL");
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("retried DELETE frees the hostname", async () => {
    const first = await start({ CRASH_AT: "after-domain-removed" });
    const token = await first.createAccount(ADMIN);
    await first.admin("teams:create", "acme", "--admin", ADMIN);
    for (const name of ["app-a", "app-b"]) {
      await expectOk(
        await first.request("POST", "/teams/apps", token, {
          name,
          team: "acme",
        }),
        201,
      );
    }
    await expectOk(
      await first.request("POST", "/apps/app-a/domains", token, {
        hostname: HOSTNAME,
      }),
      201,
    );

    const requestId = randomUUID();
    const remove = (running: ControlPlaneServer) =>
      running.request(
        "DELETE",
        `/apps/app-a/domains/${HOSTNAME}`,
        token,
        undefined,
        { "request-id": requestId },
      );
    await remove(first).catch(() => undefined);
    await waitFor(async () => !(await isAlive(first)), {
      description: "CRASH_AT=after-domain-removed to kill the server",
      timeoutMs: 10_000,
    });
    await first.stop("SIGKILL");
    expect(first.logs).toContain(
      "CRASH_AT=after-domain-removed: killing the process at after-domain-removed",
    );

    const restarted = await start({});
    const retried = await expectOk(await remove(restarted));
    expect(retried.hostname).toBe(HOSTNAME);

    const added = await expectOk(
      await restarted.request("POST", "/apps/app-b/domains", token, {
        hostname: HOSTNAME,
      }),
      201,
    );
    expect(added.hostname).toBe(HOSTNAME);
  });
});
