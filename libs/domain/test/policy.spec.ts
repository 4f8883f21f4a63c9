import {
  APP_PERMISSIONS,
  DomainError,
  canSeeApp,
  effectiveAppPermissions,
  isDomainError,
  requireAppPermission,
  requireMayCreateAppInSpace,
  requireMayCreateTeamApp,
  requireSpaceVisible,
  requireTeamAdmin,
  type AppAccessFacts,
  type AppPermission,
  type DomainErrorKind,
  type SpaceAccessFacts,
  type SpacePermission,
  type TeamRole,
} from "../src/index.js";

function appFacts(
  teamRole: TeamRole | null,
  granted: AppPermission[] = [],
): AppAccessFacts {
  return { appName: "billing-api", teamRole, granted };
}

function spaceFacts(
  teamRole: TeamRole | null,
  spacePermissions: SpacePermission[] = [],
): SpaceAccessFacts {
  return { spaceName: "prod-eu", teamName: "acme", teamRole, spacePermissions };
}

/** Expects `check` to throw a `DomainError` of `kind`, with a message matching `message` when given. */
function expectRejection(
  check: () => void,
  kind: DomainErrorKind,
  message?: RegExp,
): void {
  let caught: unknown;
  try {
    check();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).kind).toBe(kind);
  if (message !== undefined)
    expect((caught as DomainError).message).toMatch(message);
}

describe("when the account is a team admin", () => {
  test("effective permissions are all four", () => {
    expect(effectiveAppPermissions(appFacts("admin"))).toEqual([
      "deploy",
      "manage",
      "operate",
      "view",
    ]);
  });

  test("admin sees the app", () => {
    expect(canSeeApp(appFacts("admin"))).toBe(true);
  });

  test.each(APP_PERMISSIONS)("admin holds %s without grant", (permission) => {
    expect(() =>
      requireAppPermission(appFacts("admin"), permission),
    ).not.toThrow();
  });

  test("admin creates app in space", () => {
    expect(() => requireMayCreateAppInSpace(spaceFacts("admin"))).not.toThrow();
  });

  test("admin creates team app", () => {
    expect(() => requireMayCreateTeamApp("acme", "admin")).not.toThrow();
  });

  test("admin manages the team", () => {
    expect(() =>
      requireTeamAdmin("acme", "admin", "add members"),
    ).not.toThrow();
  });
});

describe("when the account is a member without grants", () => {
  test("member sees the app", () => {
    expect(canSeeApp(appFacts("member"))).toBe(true);
  });

  test.each(["deploy", "manage", "operate", "view"] as const)(
    "member lacks %s",
    (permission) => {
      expectRejection(
        () => requireAppPermission(appFacts("member"), permission),
        "forbidden",
        new RegExp(
          `do not have the ${permission} permission on the app billing-api`,
        ),
      );
    },
  );

  test("member cannot create in space", () => {
    expectRejection(
      () => requireMayCreateAppInSpace(spaceFacts("member")),
      "forbidden",
      /need the create_apps permission on the space prod-eu/,
    );
  });

  test("member creates team app", () => {
    expect(() => requireMayCreateTeamApp("acme", "member")).not.toThrow();
  });

  test("member cannot manage the team", () => {
    expectRejection(
      () => requireTeamAdmin("acme", "member", "add members"),
      "forbidden",
      /Only admins of the team acme can add members/,
    );
  });

  test("member sees the space", () => {
    expect(() => requireSpaceVisible(spaceFacts("member"))).not.toThrow();
  });
});

describe("when the account is a member with grants", () => {
  const facts = appFacts("member", ["view", "deploy"]);

  test("effective permissions are the grants", () => {
    expect(effectiveAppPermissions(facts)).toEqual(["deploy", "view"]);
  });

  test("member holds granted deploy", () => {
    expect(() => requireAppPermission(facts, "deploy")).not.toThrow();
  });

  test("member lacks ungranted manage", () => {
    expectRejection(
      () => requireAppPermission(facts, "manage"),
      "forbidden",
      /manage permission/,
    );
  });

  test("create_apps allows app in space", () => {
    expect(() =>
      requireMayCreateAppInSpace(spaceFacts("member", ["create_apps"])),
    ).not.toThrow();
  });
});

describe("when the account is a team viewer", () => {
  test("viewer sees the app", () => {
    expect(canSeeApp(appFacts("viewer"))).toBe(true);
  });

  test("viewer without grant lacks view", () => {
    expectRejection(
      () => requireAppPermission(appFacts("viewer"), "view"),
      "forbidden",
    );
  });

  test("viewer lacks deploy", () => {
    expectRejection(
      () => requireAppPermission(appFacts("viewer"), "deploy"),
      "forbidden",
    );
  });

  test("viewer grants are capped at view", () => {
    // A member granted deploy keeps that grant on the app after being demoted to viewer.
    expectRejection(
      () =>
        requireAppPermission(appFacts("viewer", ["deploy", "view"]), "deploy"),
      "forbidden",
    );
  });

  test("viewer cannot create in space", () => {
    expectRejection(
      () => requireMayCreateAppInSpace(spaceFacts("viewer")),
      "forbidden",
      /Viewers of the team acme cannot create apps/,
    );
  });

  test("viewer with create_apps still cannot", () => {
    expectRejection(
      () => requireMayCreateAppInSpace(spaceFacts("viewer", ["create_apps"])),
      "forbidden",
      /Viewers of the team acme cannot create apps/,
    );
  });

  test("viewer cannot create team app", () => {
    expectRejection(
      () => requireMayCreateTeamApp("acme", "viewer"),
      "forbidden",
      /Viewers of the team acme cannot create apps/,
    );
  });

  test("viewer cannot manage the team", () => {
    expectRejection(
      () => requireTeamAdmin("acme", "viewer", "create spaces"),
      "forbidden",
      /can create spaces/,
    );
  });

  test("viewer sees the space", () => {
    expect(() => requireSpaceVisible(spaceFacts("viewer"))).not.toThrow();
  });
});

describe("when the account is an outsider", () => {
  test("outsider does not see the app", () => {
    expect(canSeeApp(appFacts(null))).toBe(false);
  });

  test("effective permissions are empty", () => {
    expect(effectiveAppPermissions(appFacts(null))).toEqual([]);
  });

  test.each(APP_PERMISSIONS)("outsider %s is not found", (permission) => {
    expectRejection(
      () => requireAppPermission(appFacts(null), permission),
      "not_found",
      /app/,
    );
  });

  test("space is not found", () => {
    expectRejection(
      () => requireSpaceVisible(spaceFacts(null)),
      "not_found",
      /space/,
    );
  });

  test("create in space is not found", () => {
    expectRejection(
      () => requireMayCreateAppInSpace(spaceFacts(null, ["create_apps"])),
      "not_found",
      /space/,
    );
  });

  test("create team app is not found", () => {
    expectRejection(
      () => requireMayCreateTeamApp("acme", null),
      "not_found",
      /team/,
    );
  });

  test("manage team is not found", () => {
    expectRejection(
      () => requireTeamAdmin("acme", null, "add members"),
      "not_found",
      /team/,
    );
  });
});

describe("when the account is a collaborator", () => {
  const facts = appFacts(null, ["operate", "view"]);

  test("collaborator sees the app", () => {
    expect(canSeeApp(facts)).toBe(true);
  });

  test("effective permissions are the grants", () => {
    expect(effectiveAppPermissions(facts)).toEqual(["operate", "view"]);
  });

  test("collaborator holds granted operate", () => {
    expect(() => requireAppPermission(facts, "operate")).not.toThrow();
  });

  test("collaborator lacks deploy", () => {
    expectRejection(
      () => requireAppPermission(facts, "deploy"),
      "forbidden",
      /do not have the deploy permission on the app billing-api/,
    );
  });
});

describe("isDomainError", () => {
  test("domain error is recognised", () => {
    expect(isDomainError(new DomainError("conflict", "taken"))).toBe(true);
  });

  test("plain error is not", () => {
    expect(isDomainError(new Error("boom"))).toBe(false);
  });
});
