import { ControlPlaneServer } from "../support/control-plane-server.js";
import { expectOk, expectPlatformError } from "../api/api-helpers.js";
import {
  type Accounts,
  APP,
  setUpTeamApp,
  TEAM,
  TestCertificates,
} from "./certificate-support.js";

/**
 * Rejected requests to the SNI endpoint routes: each gets a 4xx Platform
 * API error and appends nothing to the log.
 */

const ENDPOINTS = `/apps/${APP}/sni-endpoints`;
const OTHER_APP = "cert-other";
const UNKNOWN_ENDPOINT = "Couldn't find that SNI endpoint.";
/** Placeholders in paths for the name of an endpoint of cert-app and the id of one of cert-other. */
const ENDPOINT = "{endpoint}";
const OTHER_APP_ENDPOINT = "{other-app-endpoint}";

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

describe("SNI endpoints bad input", () => {
  const certificates = new TestCertificates();
  let server: ControlPlaneServer;
  let tokens: Accounts;
  let endpointName: string;
  let otherAppEndpointId: string;

  const valid = () => ({
    certificate_chain: certificates.selfSigned.certificate,
    private_key: certificates.selfSigned.key,
  });

  /** Routes that take a certificate body. */
  const bodyRoutes: Array<{ method: string; path: string }> = [
    { method: "POST", path: ENDPOINTS },
    { method: "PATCH", path: `${ENDPOINTS}/${ENDPOINT}` },
  ];

  function malformedBodies(): BadRequest[] {
    return bodyRoutes.flatMap(({ method, path }) => {
      const route = `${method} ${path}`;
      return [
        {
          name: `${route}: unknown field`,
          method,
          path,
          body: { ...valid(), preprocess: true },
          status: 422,
          id: "invalid_params",
          message: "Unknown field preprocess.",
        },
        {
          name: `${route}: malformed JSON`,
          method,
          path,
          body: JSON.stringify(valid()).slice(0, -1),
          status: 400,
          id: "bad_request",
        },
        {
          name: `${route}: JSON array`,
          method,
          path,
          body: JSON.stringify([valid()]),
          status: 422,
          id: "invalid_params",
          message: "The request body must be a JSON object.",
        },
        {
          name: `${route}: text/plain`,
          method,
          path,
          body: JSON.stringify(valid()),
          headers: { "content-type": "text/plain" },
          status: 415,
          id: "unsupported_media_type",
        },
        {
          name: `${route}: missing certificate_chain`,
          method,
          path,
          body: { private_key: valid().private_key },
          status: 422,
          id: "invalid_params",
          message: "Certificate_chain must be a string.",
        },
        {
          name: `${route}: number private_key`,
          method,
          path,
          body: { ...valid(), private_key: 7 },
          status: 422,
          id: "invalid_params",
          message: "Private_key must be a string.",
        },
        {
          name: `${route}: over the body limit`,
          method,
          path,
          body: { ...valid(), certificate_chain: "#".repeat(101 * 1024) },
          status: 413,
          id: "request_entity_too_large",
        },
        {
          name: `${route}: empty certificate_chain`,
          method,
          path,
          body: { ...valid(), certificate_chain: " \r\n" },
          status: 422,
          id: "invalid_params",
          message: "certificate_chain is empty.",
        },
        {
          name: `${route}: oversized certificate_chain`,
          method,
          path,
          body: {
            ...valid(),
            certificate_chain:
              valid().certificate_chain + "#".repeat(64 * 1024),
          },
          status: 422,
          id: "invalid_params",
          message:
            /^certificate_chain is \d+ bytes long, more than the limit of 65536 bytes\.$/,
        },
        {
          name: `${route}: key in the chain`,
          method,
          path,
          body: {
            ...valid(),
            certificate_chain:
              valid().certificate_chain + certificates.selfSigned.key,
          },
          status: 422,
          id: "invalid_params",
          message:
            "certificate_chain may contain only CERTIFICATE blocks, but block 2 is a PRIVATE KEY. Send the private key in private_key instead.",
        },
        {
          name: `${route}: 11 certificates`,
          method,
          path,
          body: {
            ...valid(),
            certificate_chain: valid().certificate_chain.repeat(11),
          },
          status: 422,
          id: "invalid_params",
          message:
            "certificate_chain contains 11 certificates, more than the limit of 10: send the leaf and its intermediates only.",
        },
        {
          name: `${route}: encrypted key`,
          method,
          path,
          body: { ...valid(), private_key: certificates.encryptedKey("ec") },
          status: 422,
          id: "invalid_params",
          message:
            /^The private key in private_key is encrypted with a passphrase: decrypt it first/,
        },
        {
          name: `${route}: certificate as key`,
          method,
          path,
          body: { ...valid(), private_key: valid().certificate_chain },
          status: 422,
          id: "invalid_params",
          message:
            "No PEM private key found in private_key. It contains a certificate: send the certificate in certificate_chain and its key in private_key.",
        },
        {
          name: `${route}: not yet valid`,
          method,
          path,
          body: {
            certificate_chain: certificates.notYetValid.certificate,
            private_key: certificates.notYetValid.key,
          },
          status: 422,
          id: "invalid_params",
          message:
            "The certificate is not valid before 2099-01-01T00:00:00Z: upload it from that time on.",
        },
      ];
    });
  }

  function unknownTargets(): BadRequest[] {
    return [
      {
        name: "POST: unknown app",
        method: "POST",
        path: "/apps/no-such-app/sni-endpoints",
        body: valid(),
        status: 404,
        id: "not_found",
        message: "Couldn't find that app.",
      },
      ...["GET", "PATCH", "DELETE"].map((method) => ({
        name: `${method}: unknown endpoint`,
        method,
        path: `${ENDPOINTS}/tokyo-00000`,
        body: method === "PATCH" ? valid() : undefined,
        status: 404,
        id: "not_found",
        message: UNKNOWN_ENDPOINT,
      })),
      ...["GET", "PATCH", "DELETE"].map((method) => ({
        name: `${method}: endpoint of another app`,
        method,
        path: `${ENDPOINTS}/${OTHER_APP_ENDPOINT}`,
        body: method === "PATCH" ? valid() : undefined,
        status: 404,
        id: "not_found",
        message: UNKNOWN_ENDPOINT,
      })),
    ];
  }

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    tokens = await setUpTeamApp(server);
    await expectOk(
      await server.request("POST", "/teams/apps", tokens.admin, {
        name: OTHER_APP,
        team: TEAM,
      }),
      201,
    );
    const endpoint = await expectOk(
      await server.request("POST", ENDPOINTS, tokens.admin, valid()),
      201,
    );
    endpointName = String(endpoint.name);
    const other = await expectOk(
      await server.request(
        "POST",
        `/apps/${OTHER_APP}/sni-endpoints`,
        tokens.admin,
        valid(),
      ),
      201,
    );
    otherAppEndpointId = String(other.id);
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
    certificates.cleanup();
  });

  async function expectRejected(bad: BadRequest, token: string | null) {
    const head = await server.headPosition();
    const path = bad.path
      .replace(ENDPOINT, endpointName)
      .replace(OTHER_APP_ENDPOINT, otherAppEndpointId);
    const response = await server.request(
      bad.method,
      path,
      token,
      bad.body,
      bad.headers,
    );
    await expectPlatformError(response, bad.status, bad.id, bad.message);
    expect(await server.headPosition()).toBe(head);
  }

  it.each([...malformedBodies(), ...unknownTargets()])("$name", (bad) =>
    expectRejected(bad, tokens.admin),
  );

  it("rejects every route without a token", async () => {
    const routes = [
      { method: "GET", path: ENDPOINTS },
      { method: "GET", path: `${ENDPOINTS}/${ENDPOINT}` },
      ...bodyRoutes,
      { method: "DELETE", path: `${ENDPOINTS}/${ENDPOINT}` },
    ];
    for (const route of routes) {
      await expectRejected(
        {
          name: `${route.method} ${route.path}: no token`,
          ...route,
          body: route.method === "GET" ? undefined : valid(),
          status: 401,
          id: "unauthorized",
          message: "Invalid credentials provided.",
        },
        null,
      );
    }
  });
});
