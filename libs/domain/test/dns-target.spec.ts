import { checkDnsTarget, dnsTargetFromSeed } from "../src/index.js";

describe("dnsTargetFromSeed", () => {
  test("words and hex from the seed", () => {
    expect(dnsTargetFromSeed("ea1a2b3c4d5e6f99")).toBe(
      "tranquil-ocean-1a2b3c4d5e6f.herokudns.com",
    );
  });

  test("same seed gives same target", () => {
    const seed = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    expect(dnsTargetFromSeed(seed)).toBe(dnsTargetFromSeed(seed));
  });

  test("ignores dashes of a UUID seed", () => {
    expect(dnsTargetFromSeed("00112233-4455-6677")).toBe(
      "amber-basin-112233445566.herokudns.com",
    );
  });

  test("rejects a short seed", () => {
    expect(() => dnsTargetFromSeed("abc")).toThrow(
      "at least 14 hex characters",
    );
  });

  test("every target passes the target check", () => {
    for (const seed of [
      "ff0000000000000",
      "0000000000000000",
      "7a9bcdef012345",
    ])
      expect(() => checkDnsTarget(dnsTargetFromSeed(seed))).not.toThrow();
  });
});
