import {
  expectOk,
  expectPlatformError,
  type Json,
} from "../api/api-helpers.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

/**
 * Rejected requests to the domain and ACM routes: each gets a 4xx Platform
 * API error and appends nothing to the log.
 */

const ADMIN = "admin@example.com";
const NOT_AN_OBJECT = "The request body must be a JSON object.";
/** Just over the default BODY_LIMIT_BYTES of 102400. */
const OVERSIZED_BODY = JSON.stringify({ hostname: "a".repeat(101 * 1024) });
const DOMAIN_NOT_FOUND = "Couldn't find that domain.";
const APP_NOT_FOUND = "Couldn't find that app.";

interface BadRequest {
  name: string;
  method: string;
  path: string;
  /** Serialized as JSON, except that a string is sent unchanged. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  id: string;
  message?: string | RegExp;
}

/** Routes that take a JSON body, each with a body that would otherwise pass validation. */
const BODY_ROUTES: Array<{ method: string; path: string; valid: object }> = [
  {
    method: "POST",
    path: "/apps/app-main/domains",
    valid: { hostname: "new.example.com", sni_endpoint: null },
  },
  {
    method: "PATCH",
    path: "/apps/app-main/domains/www.example.com",
    valid: { sni_endpoint: null },
  },
  { method: "POST", path: "/apps/app-main/acm", valid: {} },
  {
    method: "PATCH",
    path: "/apps/app-main/acm",
    valid: { acm_refresh: true },
  },
];

function malformedBodies(): BadRequest[] {
  return BODY_ROUTES.flatMap(({ method, path, valid }) => {
    const route = `${method} ${path}`;
    return [
      {
        name: `${route}: unknown field`,
        method,
        path,
        body: { ...valid, unexpected: true },
        status: 422,
        id: "invalid_params",
        message: "Unknown field unexpected.",
      },
      {
        name: `${route}: malformed JSON`,
        method,
        path,
        body: `${JSON.stringify(valid).slice(0, -1)},`,
        status: 400,
        id: "bad_request",
      },
      {
        name: `${route}: JSON array`,
        method,
        path,
        body: JSON.stringify([valid]),
        status: 422,
        id: "invalid_params",
        message: NOT_AN_OBJECT,
      },
      {
        name: `${route}: bare JSON string`,
        method,
        path,
        body: JSON.stringify("www.example.com"),
        status: 422,
        id: "invalid_params",
        message: NOT_AN_OBJECT,
      },
      {
        name: `${route}: text/plain`,
        method,
        path,
        body: JSON.stringify(valid),
        headers: { "content-type": "text/plain" },
        status: 415,
        id: "unsupported_media_type",
      },
      {
        name: `${route}: form-urlencoded`,
        method,
        path,
        body: "hostname=new.example.com",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        status: 415,
        id: "unsupported_media_type",
      },
      {
        name: `${route}: oversized`,
        method,
        path,
        body: OVERSIZED_BODY,
        status: 413,
        id: "request_entity_too_large",
      },
    ];
  });
}

const BAD_HOSTNAMES: Array<[string, string, RegExp]> = [
  ["empty", "", /^Hostname is missing/],
  ["single label", "localhost", /at least two labels/],
  ["IPv4 address", "192.0.2.1", /is an IP address/],
  ["IPv6 address", "2001:db8::1", /is an IP address/],
  ["wildcard inside a label", "*example.com", /whole leftmost label/],
  ["wildcard not leftmost", "a.*.example.com", /whole leftmost label/],
  ["wildcard over one label", "*.com", /at least two labels/],
  ["bare wildcard", "*", /at least two labels/],
  ["underscore", "my_site.example.com", /letters, digits or hyphens/],
  ["hyphen at label end", "www-.example.com", /must not start or end/],
  ["empty label", "www..example.com", /1 to 63/],
  ["label of 64", `${"a".repeat(64)}.example.com`, /1 to 63/],
  ["over 253", `${"a".repeat(60)}.`.repeat(5) + "com", /maximum is 253/],
  ["under herokuapp.com", "my-app.herokuapp.com", /herokuapp\.com belong/],
  ["herokudns.com", "herokudns.com", /herokudns\.com belong/],
  ["numeric last label", "www.example.123", /last label/],
];

const addDomain: BadRequest[] = [
  ...BAD_HOSTNAMES.map(([label, hostname, message]) => ({
    name: `POST domains: hostname ${label}`,
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname, sni_endpoint: null },
    status: 422,
    id: "invalid_params",
    message,
  })),
  {
    name: "POST domains: missing hostname",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { sni_endpoint: null },
    status: 422,
    id: "invalid_params",
    message: "Hostname must be a string.",
  },
  {
    name: "POST domains: null hostname",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: null },
    status: 422,
    id: "invalid_params",
    message: "Hostname must be a string.",
  },
  {
    name: "POST domains: number hostname",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: 42 },
    status: 422,
    id: "invalid_params",
    message: "Hostname must be a string.",
  },
  {
    name: "POST domains: hostname over 1000 characters",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: "a".repeat(1001) },
    status: 422,
    id: "invalid_params",
    message: "Hostname must be shorter than or equal to 1000 characters.",
  },
  {
    name: "POST domains: number sni_endpoint",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: "new.example.com", sni_endpoint: 7 },
    status: 422,
    id: "invalid_params",
    message: "Sni_endpoint must be a string.",
  },
  {
    name: "POST domains: unknown sni_endpoint",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: "new.example.com", sni_endpoint: "tokyo-12345" },
    status: 422,
    id: "invalid_params",
    message:
      'SNI endpoint "tokyo-12345" does not exist on the app app-main: list its certificates with heroku certs -a app-main.',
  },
  {
    name: "POST domains: hostname of another app",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: "taken.example.com" },
    status: 422,
    id: "invalid_params",
    message: "Hostname taken.example.com is already taken.",
  },
  {
    name: "POST domains: hostname of the app",
    method: "POST",
    path: "/apps/app-main/domains",
    body: { hostname: "WWW.example.com." },
    status: 422,
    id: "invalid_params",
    message: "Hostname www.example.com is already taken.",
  },
  {
    name: "POST domains: unknown app",
    method: "POST",
    path: "/apps/no-such-app/domains",
    body: { hostname: "new.example.com" },
    status: 404,
    id: "not_found",
    message: APP_NOT_FOUND,
  },
];

const updateDomain: BadRequest[] = [
  {
    name: "PATCH domain: missing sni_endpoint",
    method: "PATCH",
    path: "/apps/app-main/domains/www.example.com",
    body: {},
    status: 422,
    id: "invalid_params",
    message: "Sni_endpoint must be a string.",
  },
  {
    name: "PATCH domain: boolean sni_endpoint",
    method: "PATCH",
    path: "/apps/app-main/domains/www.example.com",
    body: { sni_endpoint: false },
    status: 422,
    id: "invalid_params",
    message: "Sni_endpoint must be a string.",
  },
  {
    name: "PATCH domain: unknown sni_endpoint",
    method: "PATCH",
    path: "/apps/app-main/domains/www.example.com",
    body: { sni_endpoint: "tokyo-12345" },
    status: 422,
    id: "invalid_params",
    message: /^SNI endpoint "tokyo-12345" does not exist on the app app-main/,
  },
  {
    name: "PATCH domain: unknown domain",
    method: "PATCH",
    path: "/apps/app-main/domains/nope.example.com",
    body: { sni_endpoint: null },
    status: 404,
    id: "not_found",
    message: DOMAIN_NOT_FOUND,
  },
  {
    name: "PATCH domain: domain of another app",
    method: "PATCH",
    path: "/apps/app-main/domains/taken.example.com",
    body: { sni_endpoint: null },
    status: 404,
    id: "not_found",
    message: DOMAIN_NOT_FOUND,
  },
  {
    name: "PATCH domain: default domain",
    method: "PATCH",
    path: "/apps/app-main/domains/{default}",
    body: { sni_endpoint: null },
    status: 422,
    id: "invalid_params",
    message:
      /^app-main-[0-9a-f]{12}\.herokuapp\.com is the default domain of app-main and cannot be changed\.$/,
  },
];

const removeDomain: BadRequest[] = [
  {
    name: "DELETE domain: unknown domain",
    method: "DELETE",
    path: "/apps/app-main/domains/nope.example.com",
    status: 404,
    id: "not_found",
    message: DOMAIN_NOT_FOUND,
  },
  {
    name: "DELETE domain: unknown id",
    method: "DELETE",
    path: "/apps/app-main/domains/00000000-0000-4000-8000-000000000000",
    status: 404,
    id: "not_found",
    message: DOMAIN_NOT_FOUND,
  },
  {
    name: "DELETE domain: default domain",
    method: "DELETE",
    path: "/apps/app-main/domains/{default}",
    status: 422,
    id: "invalid_params",
    message: /is the default domain of app-main and cannot be removed\.$/,
  },
  {
    name: "DELETE domain: key over 1000 characters",
    method: "DELETE",
    path: `/apps/app-main/domains/${"a".repeat(1001)}`,
    status: 414,
    id: "bad_request",
    message:
      "A path segment is longer than the limit of 1000 characters: check the app, domain or certificate name in the URL.",
  },
  {
    name: "DELETE domain: malformed percent-encoding",
    method: "DELETE",
    path: "/apps/app-main/domains/%FF.example.com",
    status: 400,
    id: "bad_request",
    message: /^The URL path is not valid percent-encoded UTF-8/,
  },
  {
    name: "DELETE domain: unknown app",
    method: "DELETE",
    path: "/apps/no-such-app/domains/www.example.com",
    status: 404,
    id: "not_found",
    message: APP_NOT_FOUND,
  },
];

const acm: BadRequest[] = [
  {
    name: "POST acm: unknown app",
    method: "POST",
    path: "/apps/no-such-app/acm",
    body: {},
    status: 404,
    id: "not_found",
    message: APP_NOT_FOUND,
  },
  {
    name: "PATCH acm: unknown app",
    method: "PATCH",
    path: "/apps/no-such-app/acm",
    body: { acm_refresh: true },
    status: 404,
    id: "not_found",
    message: APP_NOT_FOUND,
  },
  ...[{}, { acm_refresh: false }, { acm_refresh: "true" }].map((body) => ({
    name: `PATCH acm: body ${JSON.stringify(body)}`,
    method: "PATCH",
    path: "/apps/app-main/acm",
    body,
    status: 422,
    id: "invalid_params",
    message: `Send {"acm_refresh": true} to refresh ACM.`,
  })),
  {
    name: "PATCH acm: ACM off",
    method: "PATCH",
    path: "/apps/app-main/acm",
    body: { acm_refresh: true },
    status: 422,
    id: "invalid_params",
    message:
      "Automatic Certificate Management is disabled on app-main: enable it with heroku certs:auto:enable -a app-main.",
  },
  {
    name: "DELETE acm: unknown app",
    method: "DELETE",
    path: "/apps/no-such-app/acm",
    status: 404,
    id: "not_found",
    message: APP_NOT_FOUND,
  },
];

const unauthenticated: BadRequest[] = [
  ["POST", "/apps/app-main/domains", { hostname: "new.example.com" }],
  ["PATCH", "/apps/app-main/domains/www.example.com", { sni_endpoint: null }],
  ["DELETE", "/apps/app-main/domains/www.example.com", undefined],
  ["POST", "/apps/app-main/acm", {}],
  ["PATCH", "/apps/app-main/acm", { acm_refresh: true }],
  ["DELETE", "/apps/app-main/acm", undefined],
].map(([method, path, body]) => ({
  name: `${String(method)} ${String(path)}: no token`,
  method: String(method),
  path: String(path),
  body,
  headers: { authorization: "" },
  status: 401,
  id: "unauthorized",
  message: "Invalid credentials provided.",
}));

const BAD_REQUESTS = [
  ...malformedBodies(),
  ...addDomain,
  ...updateDomain,
  ...removeDomain,
  ...acm,
  ...unauthenticated,
];

describe("bad input to the domain routes", () => {
  let server: ControlPlaneServer;
  let adminToken: string;
  let defaultHostname: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    adminToken = await server.createAccount(ADMIN);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    const setUp: Array<[string, string, object]> = [
      ["POST", "/teams/apps", { name: "app-main", team: "acme" }],
      ["POST", "/teams/apps", { name: "app-other", team: "acme" }],
      ["POST", "/apps/app-main/domains", { hostname: "www.example.com" }],
      ["POST", "/apps/app-other/domains", { hostname: "taken.example.com" }],
    ];
    for (const [method, path, body] of setUp) {
      await expectOk(await server.request(method, path, adminToken, body), 201);
    }
    // DNS checks append events of their own: wait for them, so that they
    // cannot move the log head during a case below.
    await waitFor(
      async () => {
        const domains = await Promise.all(
          ["app-main", "app-other"].map(async (app) =>
            expectOk<Json[]>(
              await server.request("GET", `/apps/${app}/domains`, adminToken),
            ),
          ),
        );
        return domains.flat().every((domain) => domain.status !== "pending");
      },
      { description: "the DNS checks of the set-up domains" },
    );
    const app = await expectOk(
      await server.request("GET", "/apps/app-main", adminToken),
    );
    defaultHostname = new URL(String(app.web_url)).hostname;
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it.each(BAD_REQUESTS)("$name", async (bad) => {
    const path = bad.path.replace("{default}", defaultHostname);
    const head = await server.headPosition();
    const response = await server.request(
      bad.method,
      path,
      adminToken,
      bad.body,
      bad.headers,
    );
    await expectPlatformError(response, bad.status, bad.id, bad.message);
    expect(await server.headPosition()).toBe(head);
  });

  it("DELETE acm when already off appends nothing", async () => {
    const head = await server.headPosition();
    const app = await expectOk(
      await server.request("DELETE", "/apps/app-main/acm", adminToken),
    );
    expect(app.acm).toBe(false);
    expect(await server.headPosition()).toBe(head);
  });

  it("rejected hostname stays free", async () => {
    await expectPlatformError(
      await server.request("POST", "/apps/app-main/domains", adminToken, {
        hostname: "free.example.com",
        sni_endpoint: "tokyo-12345",
      }),
      422,
      "invalid_params",
    );
    const added = await expectOk(
      await server.request("POST", "/apps/app-other/domains", adminToken, {
        hostname: "free.example.com",
      }),
      201,
    );
    expect(added.hostname).toBe("free.example.com");
  });
});
