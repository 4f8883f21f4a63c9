import { createSocket, type Socket } from "node:dgram";
import {
  ChallTestSrv,
  challTestSrvInstalled,
} from "../../../test/support/challtestsrv.js";
import { NodeDnsResolver, parseDnsServers } from "../src/index.js";

const TARGET = "tranquil-ocean-1a2b3c4d5e6f.herokudns.com";

/** Without the binary the suite is skipped locally, but fails under CI. */
const describeWithDns =
  challTestSrvInstalled() || process.env.CI === "true"
    ? describe
    : describe.skip;

describeWithDns("NodeDnsResolver against pebble-challtestsrv", () => {
  let dns: ChallTestSrv;
  let resolver: NodeDnsResolver;

  beforeAll(async () => {
    // No default A record, so that a name without records gets an empty response.
    dns = await ChallTestSrv.start({ defaultIPv4: "" });
    resolver = new NodeDnsResolver({
      servers: [dns.dnsAddress],
      timeoutMs: 2000,
    });
    await dns.setCname("www.example.com", TARGET);
    await dns.addA(TARGET, ["192.0.2.10"]);
    await dns.addA("apex.example.com", ["192.0.2.7", "192.0.2.8"]);
    await dns.addAaaa("apex.example.com", ["2001:db8::7"]);
    await dns.setServfail("broken.example.com");
  });

  afterAll(async () => {
    await dns?.stop();
  });

  test("CNAME answer follows the chain", async () => {
    expect(await resolver.resolve("www.example.com")).toEqual({
      kind: "answer",
      cname: TARGET,
      addresses: ["192.0.2.10"],
    });
  });

  test("addresses without CNAME", async () => {
    const result = await resolver.resolve("apex.example.com");
    expect(result).toEqual({
      kind: "answer",
      cname: null,
      addresses: ["192.0.2.7", "192.0.2.8", "2001:db8::7"],
    });
  });

  test("name without records", async () => {
    expect(await resolver.resolve("nothing.example.com")).toEqual({
      kind: "answer",
      cname: null,
      addresses: [],
    });
  });

  test("wildcard name", async () => {
    await dns.setCname("*.shop.example.com", TARGET);
    expect(await resolver.resolve("*.shop.example.com")).toEqual({
      kind: "answer",
      cname: TARGET,
      addresses: ["192.0.2.10"],
    });
  });

  test("SERVFAIL is a failure", async () => {
    expect(await resolver.resolve("broken.example.com")).toEqual({
      kind: "failure",
      code: "ESERVFAIL",
      cause: "the name server returned SERVFAIL",
    });
  });
});

describe("NodeDnsResolver failures", () => {
  let silent: Socket;
  let silentPort: number;

  beforeAll(async () => {
    // A UDP socket that reads queries and never responds.
    silent = createSocket("udp4");
    await new Promise<void>((resolve) =>
      silent.bind(0, "127.0.0.1", () => resolve()),
    );
    silentPort = silent.address().port;
  });

  afterAll(() => {
    silent?.close();
  });

  test("silent server times out in bounds", async () => {
    const resolver = new NodeDnsResolver({
      servers: [`127.0.0.1:${silentPort}`],
      timeoutMs: 300,
    });
    const started = Date.now();
    const result = await resolver.resolve("www.example.com");
    const elapsed = Date.now() - started;

    expect(result).toEqual({
      kind: "failure",
      code: "ETIMEOUT",
      cause: "timed out after 300 ms",
    });
    expect(elapsed).toBeLessThan(1500);
  });

  test("closed port is refused", async () => {
    // A port bound and closed again has no listener.
    const probe = createSocket("udp4");
    await new Promise<void>((resolve) =>
      probe.bind(0, "127.0.0.1", () => resolve()),
    );
    const closedPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const resolver = new NodeDnsResolver({
      servers: [`127.0.0.1:${closedPort}`],
      timeoutMs: 2000,
    });

    expect(await resolver.resolve("www.example.com")).toEqual({
      kind: "failure",
      code: "ECONNREFUSED",
      cause: "the name server refused the connection",
    });
  });
});

describe("parseDnsServers", () => {
  test.each([
    [undefined, []],
    ["", []],
    [" 127.0.0.1:8053 ", ["127.0.0.1:8053"]],
    ["127.0.0.1, 192.0.2.53:53", ["127.0.0.1", "192.0.2.53:53"]],
    ["::1", ["::1"]],
    ["[::1]:8053", ["[::1]:8053"]],
  ])("accepts %p", (text, expected) => {
    expect(parseDnsServers(text)).toEqual(expected);
  });

  test.each([
    "localhost",
    "127.0.0.1:0",
    "127.0.0.1:70000",
    "dns.example.com:53",
    "[127.0.0.1]:53",
    "::1:53x",
  ])("rejects %p", (text) => {
    expect(() => parseDnsServers(text)).toThrow(
      `DNS_SERVERS entry ${JSON.stringify(text)} is invalid`,
    );
  });
});
