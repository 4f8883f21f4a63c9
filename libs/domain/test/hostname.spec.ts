import { DomainError, normalizeHostname } from "../src/index.js";

describe("normalizeHostname", () => {
  test.each([
    ["www.example.com", "www.example.com"],
    ["WWW.Example.COM", "www.example.com"],
    ["www.example.com.", "www.example.com"],
    ["example.com", "example.com"],
    ["*.example.com", "*.example.com"],
    ["*.Example.com.", "*.example.com"],
    ["a-b.c-d.example", "a-b.c-d.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["123.example.com", "123.example.com"],
    [`${"a".repeat(63)}.example.com`, `${"a".repeat(63)}.example.com`],
    ["herokuapp.com.example.org", "herokuapp.com.example.org"],
    ["myherokuapp.com", "myherokuapp.com"],
  ])("accepts %s", (input, expected) => {
    expect(normalizeHostname(input)).toBe(expected);
  });

  const longName = `${Array.from({ length: 4 }, () => "a".repeat(62)).join(".")}.com`;

  test.each([
    ["empty", "", /^Hostname is missing/],
    ["single label", "localhost", /at least two labels/],
    ["single label with dot", "intranet.", /at least two labels/],
    ["two trailing dots", "example.com..", /each label must have 1 to 63/],
    ["empty label", "www..example.com", /each label must have 1 to 63/],
    ["leading dot", ".example.com", /each label must have 1 to 63/],
    ["label of 64", `${"a".repeat(64)}.example.com`, /1 to 63/],
    ["hyphen at label start", "-www.example.com", /must not start or end/],
    ["hyphen at label end", "www-.example.com", /must not start or end/],
    ["underscore", "my_site.example.com", /letters, digits or hyphens/],
    ["space", "www example.com", /letters, digits or hyphens/],
    ["leading space", " www.example.com", /letters, digits or hyphens/],
    ["non-ASCII", "bücher.example", /letters, digits or hyphens/],
    ["over 253 characters", longName, /has 255 characters.*maximum is 253/],
    ["wildcard inside label", "*example.com", /whole leftmost label/],
    ["wildcard not leftmost", "a.*.example.com", /whole leftmost label/],
    ["two wildcards", "*.*.example.com", /whole leftmost label/],
    ["wildcard at the end", "example.*", /whole leftmost label/],
    ["wildcard over one label", "*.com", /wildcard must cover a name of at/],
    ["bare wildcard", "*", /wildcard must cover a name of at least two/],
    ["IPv4 address", "192.0.2.10", /is an IP address/],
    ["IPv4 with dot", "192.0.2.10.", /is an IP address/],
    ["IPv6 address", "2001:db8::1", /is an IP address/],
    ["numeric last label", "www.example.123", /last label must not be all/],
    ["herokuapp.com", "herokuapp.com", /under herokuapp\.com belong/],
    ["under herokuapp.com", "my-app.herokuapp.com", /under herokuapp\.com/],
    ["herokudns.com", "HerokuDNS.com.", /under herokudns\.com belong/],
    ["under herokudns.com", "a-b-123.herokudns.com", /under herokudns\.com/],
    ["wildcard under herokuapp", "*.herokuapp.com", /under herokuapp\.com/],
    ["localhost name", "app.localhost", /\.localhost names always point/],
  ])("rejects %s", (_label, input, message) => {
    let error: unknown;
    try {
      normalizeHostname(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("invalid_params");
    expect((error as DomainError).message).toMatch(message);
  });

  test("accepts exactly 253 characters", () => {
    const name = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(name).toHaveLength(253);
    expect(normalizeHostname(name)).toBe(name);
  });

  test("quotes the input in the message", () => {
    expect(() => normalizeHostname("a_b.example.com")).toThrow(
      'Hostname "a_b.example.com" is invalid',
    );
  });
});
