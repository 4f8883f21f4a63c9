import { classifyDnsLookup, type DnsLookup } from "../src/index.js";

const TARGET = "tranquil-ocean-1a2b3c4d5e6f.herokudns.com";
const DEFAULT_DOMAIN = "my-app-0a1b2c3d4e5f.herokuapp.com";

const classify = (lookup: DnsLookup) =>
  classifyDnsLookup({
    hostname: "www.example.com",
    target: TARGET,
    defaultDomain: DEFAULT_DOMAIN,
    lookup,
  });

const answer = (
  cname: string | null,
  addresses: string[] = [],
  targetAddresses?: string[],
): DnsLookup => ({ kind: "answer", cname, addresses, targetAddresses });

describe("classifyDnsLookup", () => {
  test("CNAME of the target is ok", () => {
    expect(classify(answer(TARGET, ["192.0.2.1"]))).toEqual({
      outcome: "ok",
      reason: null,
    });
  });

  test("CNAME with trailing dot and capitals is ok", () => {
    expect(classify(answer(`${TARGET.toUpperCase()}.`)).outcome).toBe("ok");
  });

  test("CNAME of the default domain", () => {
    expect(classify(answer(DEFAULT_DOMAIN))).toEqual({
      outcome: "points-at-default-domain",
      reason: `www.example.com is a CNAME of ${DEFAULT_DOMAIN}, the app's default domain. Point it at ${TARGET} instead.`,
    });
  });

  test("CNAME of another name", () => {
    expect(classify(answer("shop.example.net."))).toEqual({
      outcome: "points-elsewhere",
      reason: `www.example.com is a CNAME of shop.example.net, not of its DNS target. Point it at ${TARGET} instead.`,
    });
  });

  test("no record at all", () => {
    expect(classify(answer(null))).toEqual({
      outcome: "no-record",
      reason: `www.example.com has no DNS record yet. Add a CNAME record (ALIAS or ANAME at the zone apex) pointing at ${TARGET}.`,
    });
  });

  test("A records without CNAME", () => {
    expect(classify(answer(null, ["192.0.2.7", "192.0.2.8"]))).toEqual({
      outcome: "points-elsewhere",
      reason: `www.example.com resolves to 192.0.2.7, 192.0.2.8 without a CNAME record. Replace its A or AAAA records with a CNAME record (ALIAS or ANAME at the zone apex) pointing at ${TARGET}.`,
    });
  });

  test("ALIAS with the target's addresses is ok", () => {
    const verdict = classify(
      answer(null, ["192.0.2.8", "192.0.2.7"], ["192.0.2.7", "192.0.2.8"]),
    );
    expect(verdict.outcome).toBe("ok");
  });

  test("ALIAS with other addresses points elsewhere", () => {
    const verdict = classify(answer(null, ["192.0.2.7"], ["192.0.2.9"]));
    expect(verdict.outcome).toBe("points-elsewhere");
  });

  test("failed lookup", () => {
    expect(classify({ kind: "failure", cause: "timed out" })).toEqual({
      outcome: "lookup-failed",
      reason:
        "The DNS lookup of www.example.com failed (timed out). Check that the domain's name servers answer, then check again.",
    });
  });
});
