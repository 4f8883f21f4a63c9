import {
  DomainError,
  checkAppName,
  checkResourceName,
  checkTeamRole,
  normalizeAppPermissions,
  normalizeEmail,
  normalizeSpacePermissions,
} from "../src/index.js";

/** Expects `check` to throw an `invalid_params` DomainError with a message matching `message`. */
function expectInvalid(check: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    check();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).kind).toBe("invalid_params");
  expect((caught as DomainError).message).toMatch(message);
}

const INVALID_NAMES: [string, string][] = [
  ["2 chars", "ab"],
  ["31 chars", "a".repeat(31)],
  ["uppercase", "Billing"],
  ["leading digit", "1billing"],
  ["leading dash", "-billing"],
  ["underscore", "billing_api"],
  ["space", "billing api"],
  ["dot", "billing.api"],
  ["empty", ""],
  ["trailing dash", "billing-"],
];

const VALID_NAMES: [string, string][] = [
  ["3 chars", "abc"],
  ["30 chars", "a".repeat(30)],
  ["digits and dashes", "a1-b-2"],
];

describe("checkAppName", () => {
  test.each(VALID_NAMES)("accepts name with %s", (_case, name) => {
    expect(() => checkAppName(name)).not.toThrow();
  });

  test.each(INVALID_NAMES)("rejects name with %s", (_case, name) => {
    expectInvalid(
      () => checkAppName(name),
      /^Name ".*" is invalid: use 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash\.$/,
    );
  });
});

describe("checkResourceName", () => {
  test.each(VALID_NAMES)("accepts name with %s", (_case, name) => {
    expect(() => checkResourceName("team", name)).not.toThrow();
  });

  test.each(INVALID_NAMES)("rejects name with %s", (_case, name) => {
    expectInvalid(
      () => checkResourceName("space", name),
      /^The space name ".*" is invalid/,
    );
  });

  test("message names the resource", () => {
    expectInvalid(
      () => checkResourceName("team", "AB"),
      /^The team name "AB" is invalid/,
    );
  });
});

describe("normalizeEmail", () => {
  test("lowercases the address", () => {
    expect(normalizeEmail("Alice@Example.COM")).toBe("alice@example.com");
  });

  test("trims surrounding whitespace", () => {
    expect(normalizeEmail("  alice@example.com\n")).toBe("alice@example.com");
  });

  test("keeps plus and dots", () => {
    expect(normalizeEmail("a.b+ops@mail.example.co.uk")).toBe(
      "a.b+ops@mail.example.co.uk",
    );
  });

  test("accepts 254 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(185)}.com`;
    expect(email).toHaveLength(254);
    expect(normalizeEmail(email)).toBe(email);
  });

  test("rejects 255 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(186)}.com`;
    expect(email).toHaveLength(255);
    expectInvalid(() => normalizeEmail(email), /is not a valid email address/);
  });

  test.each([
    ["no at sign", "alice.example.com"],
    ["two at signs", "alice@bob@example.com"],
    ["undotted domain", "alice@localhost"],
    ["inner space", "ali ce@example.com"],
    ["empty local part", "@example.com"],
    ["65-char local part", `${"a".repeat(65)}@example.com`],
    ["empty", "   "],
  ])("rejects address with %s", (_case, email) => {
    expectInvalid(() => normalizeEmail(email), /is not a valid email address/);
  });

  test("message quotes the original input", () => {
    expectInvalid(
      () => normalizeEmail(" Bad "),
      /^Email " Bad " is not a valid email address\.$/,
    );
  });
});

describe("normalizeAppPermissions", () => {
  test("empty request becomes view", () => {
    expect(normalizeAppPermissions([])).toEqual(["view"]);
  });

  test("deploy adds view", () => {
    expect(normalizeAppPermissions(["deploy"])).toEqual(["deploy", "view"]);
  });

  test("sorts in API order", () => {
    expect(
      normalizeAppPermissions(["view", "operate", "manage", "deploy"]),
    ).toEqual(["deploy", "manage", "operate", "view"]);
  });

  test("removes duplicates", () => {
    expect(
      normalizeAppPermissions(["operate", "operate", "view", "view"]),
    ).toEqual(["operate", "view"]);
  });

  test("rejects unknown permission", () => {
    expectInvalid(
      () => normalizeAppPermissions(["deploy", "admin"]),
      /^Unknown permission "admin": use deploy, manage, operate, view\.$/,
    );
  });

  test("lists every unknown permission", () => {
    expectInvalid(
      () => normalizeAppPermissions(["Deploy", "root"]),
      /"Deploy", "root"/,
    );
  });
});

describe("normalizeSpacePermissions", () => {
  test("keeps create_apps once", () => {
    expect(normalizeSpacePermissions(["create_apps", "create_apps"])).toEqual([
      "create_apps",
    ]);
  });

  test("empty request stays empty", () => {
    expect(normalizeSpacePermissions([])).toEqual([]);
  });

  test("rejects app permission", () => {
    expectInvalid(
      () => normalizeSpacePermissions(["deploy"]),
      /^Unknown space permission "deploy": use create_apps\.$/,
    );
  });
});

describe("checkTeamRole", () => {
  test.each(["admin", "member", "viewer"])("accepts role %s", (role) => {
    expect(checkTeamRole(role)).toBe(role);
  });

  test.each(["owner", "Admin", "collaborator", ""])(
    'rejects role "%s"',
    (role) => {
      expectInvalid(
        () => checkTeamRole(role),
        /is invalid: use admin, member or viewer/,
      );
    },
  );
});
