import {
  expectOk,
  expectPlatformError,
  type Json,
} from "../api/api-helpers.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";
import {
  type Accounts,
  APP,
  eventsOfType,
  setUpTeamApp,
  TestCertificates,
} from "./certificate-support.js";

const DOMAINS = `/apps/${APP}/domains`;
const ENDPOINTS = `/apps/${APP}/sni-endpoints`;

/**
 * Custom domains attached to an uploaded certificate: on add, by name and
 * by id, detached with null, and detached by an event of their own when
 * the certificate is removed.
 */
describe("SNI endpoints attached to custom domains", () => {
  const certificates = new TestCertificates();
  let server: ControlPlaneServer;
  let tokens: Accounts;
  let endpoint: { id: string; name: string };

  const call = (method: string, path: string, body?: unknown) =>
    server.request(method, path, tokens.admin, body);

  const domain = async (hostname: string): Promise<Json> =>
    expectOk(await call("GET", `${DOMAINS}/${hostname}`));

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    tokens = await setUpTeamApp(server);
    const uploaded = await expectOk(
      await call("POST", ENDPOINTS, {
        certificate_chain: certificates.chainPem,
        private_key: certificates.chain.leaf.key,
      }),
      201,
    );
    endpoint = { id: String(uploaded.id), name: String(uploaded.name) };
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
    certificates.cleanup();
  });

  it("attaches the endpoint named on add", async () => {
    const added = await expectOk(
      await call("POST", DOMAINS, {
        hostname: "www.example.com",
        sni_endpoint: endpoint.name,
      }),
      201,
    );
    expect(added.sni_endpoint).toEqual(endpoint);
    const shown = await expectOk(
      await call("GET", `${ENDPOINTS}/${endpoint.name}`),
    );
    expect(shown.domains).toEqual([added.id]);
  });

  it("attaches by id and detaches with null", async () => {
    await expectOk(
      await call("POST", DOMAINS, {
        hostname: "example.com",
        sni_endpoint: null,
      }),
      201,
    );
    const attached = await expectOk(
      await call("PATCH", `${DOMAINS}/example.com`, {
        sni_endpoint: endpoint.id,
      }),
    );
    expect(attached.sni_endpoint).toEqual(endpoint);

    const detached = await expectOk(
      await call("PATCH", `${DOMAINS}/www.example.com`, {
        sni_endpoint: null,
      }),
    );
    expect(detached.sni_endpoint).toBeNull();
  });

  it("rejects an endpoint the app does not have", async () => {
    const body = await expectPlatformError(
      await call("PATCH", `${DOMAINS}/example.com`, {
        sni_endpoint: "missing-12345",
      }),
      422,
      "invalid_params",
    );
    expect(body.message).toMatch(/SNI endpoint "missing-12345" does not exist/);
    expect((await domain("example.com")).sni_endpoint).toEqual(endpoint);
  });

  it("records the detach when the endpoint is removed", async () => {
    const exampleId = String((await domain("example.com")).id);
    await expectOk(await call("DELETE", `${ENDPOINTS}/${endpoint.name}`));

    expect((await domain("example.com")).sni_endpoint).toBeNull();
    const detachOf = async () =>
      (await eventsOfType(server, "CustomDomainSniEndpointChanged")).find(
        (event) =>
          event.data.domainId === exampleId &&
          event.data.previousSniEndpointId === endpoint.id,
      );
    await waitFor(async () => (await detachOf()) !== undefined, {
      timeoutMs: 10_000,
      description: "the detach event of example.com",
    });
    const detach = await detachOf();
    expect(detach?.data.sniEndpointId).toBeNull();
  });
});
