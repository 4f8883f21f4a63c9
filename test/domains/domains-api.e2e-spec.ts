import { randomUUID } from "node:crypto";
import {
  expectOk,
  expectPlatformError,
  type Json,
  readJson,
  UUID,
} from "../api/api-helpers.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The domains routes over HTTP: listing with Range paging, adding,
 * showing, removing, hostnames unique across apps, retries with the same
 * Request-Id, the ACM switch and the teardown of a destroyed app's domains.
 */

const ADMIN = "admin@example.com";
const VIEWER = "viewer@example.com";
const OUTSIDER = "outsider@example.com";
const DNS_TARGET = /^[a-z]+-[a-z]+-[0-9a-f]{12}\.herokudns\.com$/;
const DOMAIN_NOT_FOUND = {
  id: "not_found",
  message: "Couldn't find that domain.",
  resource: "domain",
};

describe("domains API", () => {
  let server: ControlPlaneServer;
  let admin: string;
  let viewer: string;
  let outsider: string;
  const appIds = new Map<string, string>();

  const call = (
    method: string,
    path: string,
    token = admin,
    body?: unknown,
    headers?: Record<string, string>,
  ) => server.request(method, path, token, body, headers);

  const addDomain = async (app: string, hostname: string): Promise<Json> =>
    expectOk(
      await call("POST", `/apps/${app}/domains`, admin, {
        hostname,
        sni_endpoint: null,
      }),
      201,
    );

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    admin = await server.createAccount(ADMIN);
    viewer = await server.createAccount(VIEWER);
    outsider = await server.createAccount(OUTSIDER);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    for (const name of ["app-a", "app-b", "app-paged", "app-doomed"]) {
      const app = await expectOk(
        await call("POST", "/teams/apps", admin, { name, team: "acme" }),
        201,
      );
      appIds.set(name, String(app.id));
    }
    await expectOk(
      await call("POST", "/teams/apps/app-a/collaborators", admin, {
        user: VIEWER,
        permissions: ["view"],
      }),
      201,
    );
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  describe("listing", () => {
    it("shows the default domain first", async () => {
      const response = await call("GET", "/apps/app-b/domains");
      const domains = await expectOk<Json[]>(response);

      expect(response.headers.get("next-range")).toBeNull();
      expect(domains).toHaveLength(1);
      expect(domains[0]).toEqual({
        acm_status: null,
        acm_status_reason: null,
        app: { id: appIds.get("app-b"), name: "app-b" },
        cname: null,
        created_at: expect.any(String),
        dns_status: null,
        dns_status_reason: null,
        hostname: expect.stringMatching(/^app-b-[0-9a-f]{12}\.herokuapp\.com$/),
        id: expect.stringMatching(UUID),
        kind: "heroku",
        status: "none",
        sni_endpoint: null,
        updated_at: expect.any(String),
      });
    });

    it("pages with Range and Next-Range", async () => {
      const hostnames = ["e", "d", "c", "b", "a"].map(
        (label) => `${label}.paged.example.com`,
      );
      for (const hostname of hostnames) await addDomain("app-paged", hostname);
      // Wait for the DNS checks, so that no row changes between the pages.
      let all: Json[] = [];
      await waitFor(
        async () => {
          all = await expectOk<Json[]>(
            await call("GET", "/apps/app-paged/domains"),
          );
          return all.every((domain) => domain.status !== "pending");
        },
        { description: "the DNS checks of app-paged's domains" },
      );
      expect(all).toHaveLength(6);

      const seen: Json[] = [];
      let range = "id ..; max=2;";
      for (let page = 1; ; page += 1) {
        const response = await call(
          "GET",
          "/apps/app-paged/domains",
          admin,
          undefined,
          {
            range,
          },
        );
        const body = await readJson<Json[]>(response);
        seen.push(...body);
        const next = response.headers.get("next-range");
        if (page < 3) {
          expect(response.status).toBe(206);
          expect(body).toHaveLength(2);
          expect(next).toBe(`id ]${String(body[1]?.id)}..; max=2`);
          range = next ?? "";
          continue;
        }
        expect(response.status).toBe(200);
        expect(next).toBeNull();
        expect(body).toHaveLength(2);
        break;
      }
      expect(seen).toEqual(all);
      expect(seen[0]?.kind).toBe("heroku");
      const ids = seen.slice(1).map((domain) => String(domain.id));
      expect(ids).toEqual([...ids].sort());
    });

    it("pages by hostname", async () => {
      const first = await call(
        "GET",
        "/apps/app-paged/domains",
        admin,
        undefined,
        {
          range: "hostname ..; max=3",
        },
      );
      const firstPage = await readJson<Json[]>(first);
      expect(first.status).toBe(206);
      expect(firstPage.map((domain) => domain.hostname)).toEqual([
        expect.stringMatching(/\.herokuapp\.com$/),
        "a.paged.example.com",
        "b.paged.example.com",
      ]);
      expect(first.headers.get("next-range")).toBe(
        "hostname ]b.paged.example.com..; max=3",
      );

      const second = await call(
        "GET",
        "/apps/app-paged/domains",
        admin,
        undefined,
        {
          range: first.headers.get("next-range") ?? "",
        },
      );
      expect(second.status).toBe(200);
      expect((await readJson<Json[]>(second)).map((d) => d.hostname)).toEqual([
        "c.paged.example.com",
        "d.paged.example.com",
        "e.paged.example.com",
      ]);
    });

    it("starts after the default domain", async () => {
      const all = await expectOk<Json[]>(
        await call("GET", "/apps/app-paged/domains"),
      );
      const response = await call(
        "GET",
        "/apps/app-paged/domains",
        admin,
        undefined,
        {
          range: `id ]${String(all[0]?.id)}..; max=1000`,
        },
      );
      expect(response.status).toBe(200);
      expect(await readJson(response)).toEqual(all.slice(1));
    });

    it("caps max at 1000", async () => {
      const response = await call(
        "GET",
        "/apps/app-paged/domains",
        admin,
        undefined,
        {
          range: "id ..; max=5000",
        },
      );
      expect(response.status).toBe(200);
      expect(await readJson<Json[]>(response)).toHaveLength(6);
    });

    it.each([
      ["max=0", "id ..; max=0"],
      ["unknown field", "name ..; max=10"],
      ["no dots", "id abc; max=10"],
      ["descending order", "id ..; order=desc"],
      ["text max", "id ..; max=ten"],
      ["literal undefined", "undefined"],
    ])("rejects Range with %s", async (_label, range) => {
      await expectPlatformError(
        await call("GET", "/apps/app-paged/domains", admin, undefined, {
          range,
        }),
        400,
        "bad_request",
        /^Range header .* is invalid: use "id \.\.; max=1000"/,
      );
    });
  });

  describe("adding", () => {
    let added: Json;

    it("returns the domain with its DNS target", async () => {
      added = await addDomain("app-a", "WWW.Example.COM.");
      // The DNS check may finish before the response is built.
      const { dns_status, dns_status_reason, status, ...rest } = added;
      const checked = status === "succeeded";

      expect(status).toMatch(/^(pending|succeeded)$/);
      expect(dns_status).toBe(checked ? "lookup-failed" : null);
      expect(typeof dns_status_reason).toBe(checked ? "string" : "object");
      expect(rest).toEqual({
        acm_status: null,
        acm_status_reason: null,
        app: { id: appIds.get("app-a"), name: "app-a" },
        cname: expect.stringMatching(DNS_TARGET),
        created_at: expect.any(String),
        hostname: "www.example.com",
        id: expect.stringMatching(UUID),
        kind: "custom",
        sni_endpoint: null,
        updated_at: expect.any(String),
      });
    });

    it("shows it by hostname and by id", async () => {
      const byHostname = await expectOk(
        await call("GET", "/apps/app-a/domains/WWW.example.com."),
      );
      const byId = await expectOk(
        await call("GET", `/apps/app-a/domains/${String(added.id)}`),
      );
      expect(byHostname.id).toBe(added.id);
      expect(byId.hostname).toBe("www.example.com");
      expect(byId.cname).toBe(added.cname);
    });

    it("shows and removes a 253-character hostname", async () => {
      const hostname = [
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57),
        "com",
      ].join(".");
      expect(hostname).toHaveLength(253);
      await addDomain("app-b", hostname);

      const shown = await expectOk(
        await call("GET", `/apps/app-b/domains/${hostname}`),
      );
      expect(shown.hostname).toBe(hostname);
      const removed = await expectOk(
        await call("DELETE", `/apps/app-b/domains/${hostname}`),
      );
      expect(removed.hostname).toBe(hostname);
    });

    it("records a failed DNS lookup", async () => {
      let domain: Json = {};
      await waitFor(
        async () => {
          domain = await expectOk(
            await call("GET", "/apps/app-a/domains/www.example.com"),
          );
          return domain.status === "succeeded";
        },
        { description: "the DNS check of www.example.com" },
      );
      expect(domain.dns_status).toBe("lookup-failed");
      expect(domain.dns_status_reason).toMatch(
        /^The DNS lookup of www\.example\.com failed \(the name server refused the connection\)\./,
      );
    });

    it("is idempotent for one Request-Id", async () => {
      const requestId = randomUUID();
      const send = () =>
        call(
          "POST",
          "/apps/app-a/domains",
          admin,
          { hostname: "retry.example.com", sni_endpoint: null },
          { "request-id": requestId },
        );
      const first = await expectOk(await send(), 201);
      // The DNS check appends an event of its own, so wait for it first.
      await waitFor(
        async () => {
          const domain = await expectOk(
            await call("GET", "/apps/app-a/domains/retry.example.com"),
          );
          return domain.status === "succeeded";
        },
        { description: "the DNS check of retry.example.com" },
      );
      const head = await server.headPosition();
      const second = await expectOk(await send(), 201);

      expect(second.id).toBe(first.id);
      expect(second.cname).toBe(first.cname);
      expect(await server.headPosition()).toBe(head);
    });

    it("rejects a hostname another app holds", async () => {
      const head = await server.headPosition();
      await expectPlatformError(
        await call("POST", "/apps/app-b/domains", admin, {
          hostname: "www.example.com",
          sni_endpoint: null,
        }),
        422,
        "invalid_params",
        "Hostname www.example.com is already taken.",
      );
      expect(await server.headPosition()).toBe(head);
    });

    it("rejects a hostname the app holds", async () => {
      await expectPlatformError(
        await call("POST", "/apps/app-a/domains", admin, {
          hostname: "www.EXAMPLE.com",
        }),
        422,
        "invalid_params",
        "Hostname www.example.com is already taken.",
      );
    });

    it("keeps custom domains across a rename", async () => {
      await expectOk(
        await call("PATCH", "/apps/app-a", admin, { name: "app-a2" }),
      );
      const domains = await expectOk<Json[]>(
        await call("GET", "/apps/app-a2/domains"),
      );
      expect(domains[0]?.hostname).toMatch(
        /^app-a2-[0-9a-f]{12}\.herokuapp\.com$/,
      );
      expect(domains.map((domain) => domain.hostname)).toContain(
        "www.example.com",
      );
      await expectOk(
        await call("PATCH", "/apps/app-a2", admin, { name: "app-a" }),
      );
    });
  });

  describe("not found", () => {
    it.each([
      ["GET", undefined],
      ["DELETE", undefined],
      ["PATCH", { sni_endpoint: null }],
    ])("%s of an unknown domain", async (method, body) => {
      const response = await call(
        method,
        "/apps/app-a/domains/nope.example.com",
        admin,
        body,
      );
      const error = await expectPlatformError(response, 404, "not_found");
      expect(error).toEqual(DOMAIN_NOT_FOUND);
    });

    it("domain of another app", async () => {
      await expectPlatformError(
        await call("GET", "/apps/app-b/domains/www.example.com"),
        404,
        "not_found",
        "Couldn't find that domain.",
      );
    });
  });

  describe("default domain", () => {
    it("shows it by hostname", async () => {
      const list = await expectOk<Json[]>(
        await call("GET", "/apps/app-b/domains"),
      );
      const shown = await expectOk(
        await call("GET", `/apps/app-b/domains/${String(list[0]?.hostname)}`),
      );
      expect(shown).toEqual(list[0]);
    });

    it("cannot be removed", async () => {
      const list = await expectOk<Json[]>(
        await call("GET", "/apps/app-b/domains"),
      );
      await expectPlatformError(
        await call("DELETE", `/apps/app-b/domains/${String(list[0]?.id)}`),
        422,
        "invalid_params",
        `${String(list[0]?.hostname)} is the default domain of app-b and cannot be removed.`,
      );
    });
  });

  describe("SNI endpoint", () => {
    it("rejects an unknown endpoint", async () => {
      await expectPlatformError(
        await call("PATCH", "/apps/app-a/domains/www.example.com", admin, {
          sni_endpoint: "tokyo-12345",
        }),
        422,
        "invalid_params",
        'SNI endpoint "tokyo-12345" does not exist on the app app-a: list its certificates with heroku certs -a app-a.',
      );
    });

    it("detaching an unattached domain changes nothing", async () => {
      const head = await server.headPosition();
      const domain = await expectOk(
        await call("PATCH", "/apps/app-a/domains/www.example.com", admin, {
          sni_endpoint: null,
        }),
      );
      expect(domain.sni_endpoint).toBeNull();
      expect(await server.headPosition()).toBe(head);
    });
  });

  describe("permissions", () => {
    it("viewer lists and shows", async () => {
      await expectOk(await call("GET", "/apps/app-a/domains", viewer));
      await expectOk(
        await call("GET", "/apps/app-a/domains/www.example.com", viewer),
      );
    });

    it.each([
      ["POST", "/apps/app-a/domains", { hostname: "v.example.com" }],
      ["DELETE", "/apps/app-a/domains/www.example.com", undefined],
      ["PATCH", "/apps/app-a/domains/www.example.com", { sni_endpoint: null }],
      ["POST", "/apps/app-a/acm", {}],
      ["DELETE", "/apps/app-a/acm", undefined],
    ])("viewer cannot %s %s", async (method, path, body) => {
      const head = await server.headPosition();
      await expectPlatformError(
        await call(method, path, viewer, body),
        403,
        "forbidden",
        "You do not have the manage permission on the app app-a: ask a team admin or a collaborator with manage to grant it.",
      );
      expect(await server.headPosition()).toBe(head);
    });

    it.each([
      ["GET", "/apps/app-a/domains", undefined],
      ["GET", "/apps/app-a/domains/www.example.com", undefined],
      ["POST", "/apps/app-a/domains", { hostname: "o.example.com" }],
      ["POST", "/apps/app-a/acm", {}],
    ])("outsider gets 404 for %s %s", async (method, path, body) => {
      await expectPlatformError(
        await call(method, path, outsider, body),
        404,
        "not_found",
        "Couldn't find that app.",
      );
    });
  });

  describe("ACM", () => {
    it("enable returns the app with acm on", async () => {
      const app = await expectOk(
        await call("POST", "/apps/app-b/acm", admin, {}),
      );
      expect(app.name).toBe("app-b");
      expect(app.acm).toBe(true);
      const shown = await expectOk(await call("GET", "/apps/app-b"));
      expect(shown.acm).toBe(true);
    });

    it("enable twice appends nothing", async () => {
      const head = await server.headPosition();
      const app = await expectOk(
        await call("POST", "/apps/app-b/acm", admin, {}),
      );
      expect(app.acm).toBe(true);
      expect(await server.headPosition()).toBe(head);
    });

    it("disable returns the app with acm off", async () => {
      const app = await expectOk(await call("DELETE", "/apps/app-b/acm"));
      expect(app.acm).toBe(false);
      const shown = await expectOk(await call("GET", "/apps/app-b"));
      expect(shown.acm).toBe(false);
    });
  });

  describe("removing", () => {
    it("returns the removed domain", async () => {
      const requestId = randomUUID();
      const send = () =>
        call(
          "DELETE",
          "/apps/app-a/domains/retry.example.com",
          admin,
          undefined,
          {
            "request-id": requestId,
          },
        );
      const removed = await expectOk(await send());
      expect(removed.hostname).toBe("retry.example.com");
      expect(removed.kind).toBe("custom");

      await expectPlatformError(
        await call("GET", "/apps/app-a/domains/retry.example.com"),
        404,
        "not_found",
      );
      const head = await server.headPosition();
      const retried = await expectOk(await send());
      expect(retried.id).toBe(removed.id);
      expect(await server.headPosition()).toBe(head);
    });

    it("frees the hostname for another app", async () => {
      const added = await addDomain("app-b", "retry.example.com");
      expect(added.hostname).toBe("retry.example.com");
    });

    it("retried add leaves a removed hostname free", async () => {
      const requestId = randomUUID();
      const send = () =>
        call(
          "POST",
          "/apps/app-a/domains",
          admin,
          { hostname: "readd.example.com", sni_endpoint: null },
          { "request-id": requestId },
        );
      await expectOk(await send(), 201);
      await expectOk(
        await call("DELETE", "/apps/app-a/domains/readd.example.com"),
      );

      const head = await server.headPosition();
      for (let attempt = 0; attempt < 2; attempt += 1)
        await expectPlatformError(await send(), 404, "not_found");
      expect(await server.headPosition()).toBe(head);

      const added = await addDomain("app-b", "readd.example.com");
      expect(added.hostname).toBe("readd.example.com");
    });
  });

  describe("destroying an app", () => {
    it("removes its domains and frees their hostnames", async () => {
      await addDomain("app-doomed", "shop.example.org");
      await addDomain("app-doomed", "*.doomed.example.org");
      await expectOk(await call("DELETE", "/apps/app-doomed"));

      let added: Response | undefined;
      await waitFor(
        async () => {
          added = await call("POST", "/apps/app-b/domains", admin, {
            hostname: "shop.example.org",
          });
          return added.status === 201;
        },
        { description: "shop.example.org to be freed" },
      );
      expect(added?.status).toBe(201);
      await expectOk(
        await call("POST", "/apps/app-b/domains", admin, {
          hostname: "*.doomed.example.org",
        }),
        201,
      );
    });
  });

  describe("restart", () => {
    it("rebuilt read models show the same domains", async () => {
      const before = await expectOk<Json[]>(
        await call("GET", "/apps/app-paged/domains"),
      );
      // The DNS check of the last domain added is appended after its request.
      const head = await server.settledHeadPosition();
      await server.stop();
      const rebuilt = await ControlPlaneServer.start({
        dataDir: server.dataDir,
        env: { READ_MODELS_PATH: ":memory:" },
      });
      try {
        const after = await expectOk<Json[]>(
          await rebuilt.request("GET", "/apps/app-paged/domains", admin),
        );
        expect(after).toEqual(before);
        await expectPlatformError(
          await rebuilt.request("POST", "/apps/app-a/domains", admin, {
            hostname: "a.paged.example.com",
          }),
          422,
          "invalid_params",
          "Hostname a.paged.example.com is already taken.",
        );
        // Sagas replay the whole log on this start and must append nothing.
        expect(await rebuilt.settledHeadPosition()).toBe(head);
      } finally {
        await rebuilt.stop();
      }
    });
  });
});
