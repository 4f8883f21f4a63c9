import {
  commonNameOf,
  dnsNamesOf,
  formatDistinguishedName,
  TrustStore,
} from "../src/index.js";

describe("formatDistinguishedName", () => {
  it("joins attributes with slashes", () => {
    expect(formatDistinguishedName("C=US\nO=Example\nCN=www.example.com")).toBe(
      "/C=US/O=Example/CN=www.example.com",
    );
  });

  it("removes Node's escapes", () => {
    expect(formatDistinguishedName("O=Example\\, Inc.\nCN=a")).toBe(
      "/O=Example, Inc./CN=a",
    );
  });
});

describe("commonNameOf", () => {
  it("returns the last CN", () => {
    expect(commonNameOf("O=Example\nCN=www.example.com")).toBe(
      "www.example.com",
    );
  });

  it("returns null without a CN", () => {
    expect(commonNameOf("O=Example")).toBeNull();
  });
});

describe("dnsNamesOf", () => {
  it("keeps DNS entries only", () => {
    expect(
      dnsNamesOf("DNS:www.example.com, IP Address:10.0.0.1, DNS:*.example.com"),
    ).toEqual(["www.example.com", "*.example.com"]);
  });

  it("decodes quoted values", () => {
    expect(dnsNamesOf('DNS:"odd\\u002cname", DNS:b.example.com')).toEqual([
      "odd,name",
      "b.example.com",
    ]);
  });

  it("drops duplicates", () => {
    expect(dnsNamesOf("DNS:a.example.com, DNS:a.example.com")).toEqual([
      "a.example.com",
    ]);
  });

  it("returns nothing without names", () => {
    expect(dnsNamesOf(undefined)).toEqual([]);
  });
});

describe("TrustStore", () => {
  it("loads Node's bundled roots", () => {
    expect(new TrustStore().size).toBeGreaterThan(100);
  });
});
