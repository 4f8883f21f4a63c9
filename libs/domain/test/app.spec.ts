import {
  decideCreateApp,
  decideDestroyApp,
  decideGrantPermission,
  decideRenameApp,
  decideRevokePermission,
  decideUpdatePermissions,
  evolveApp,
  initialApp,
  type AppDestroyed,
  type AppEvent,
  type AppPermission,
  type CollaboratorAdded,
  type CreateApp,
  type GrantPermission,
  type TeamRole,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const APP_ID = "app-1";

const create: CreateApp = {
  appId: APP_ID,
  name: "billing-api",
  identifier: "0123456789ab",
  teamId: "team-1",
  spaceId: "space-1",
  region: "frankfurt",
  stack: "heroku-24",
  generation: "cedar",
  internalRouting: false,
  creatorId: "alice",
  creatorEmail: "alice@example.com",
  at: AT,
};

const appCreated: AppEvent = { type: "AppCreated", data: create };
const creatorAdded: CollaboratorAdded = {
  type: "CollaboratorAdded",
  data: {
    appId: APP_ID,
    accountId: "alice",
    email: "alice@example.com",
    permissions: ["deploy", "manage", "operate", "view"],
    creator: true,
    at: AT,
  },
};
const bobAdded: CollaboratorAdded = {
  type: "CollaboratorAdded",
  data: {
    appId: APP_ID,
    accountId: "bob",
    email: "bob@example.com",
    permissions: ["deploy", "view"],
    at: LATER,
  },
};
const renamed: AppEvent = {
  type: "AppRenamed",
  data: {
    appId: APP_ID,
    previousName: "billing-api",
    name: "billing",
    at: LATER,
  },
};
const destroyed: AppDestroyed = {
  type: "AppDestroyed",
  data: {
    appId: APP_ID,
    name: "billing-api",
    teamId: "team-1",
    spaceId: "space-1",
    at: LATER,
  },
};

const app = (...events: AppEvent[]) => given(evolveApp, initialApp, events);
const existingApp = [appCreated, creatorAdded];

/** Bob's explicit grants on the app, as the permission read model reports them. */
const BOB_GRANTS: AppPermission[] = ["deploy", "view"];

function grant(
  role: TeamRole | null,
  permissions: AppPermission[],
  current: AppPermission[] | null = null,
): GrantPermission {
  return {
    accountId: "bob",
    email: "bob@example.com",
    role,
    permissions,
    current,
    at: LATER,
  };
}

function revoke(current: AppPermission[] | null) {
  return { accountId: "bob", email: "bob@example.com", current, at: LATER };
}

describe("when no app exists", () => {
  test("create adds creator as collaborator", () => {
    app().when(decideCreateApp, create).then([appCreated, creatorAdded]);
  });

  test("create outside a space", () => {
    const teamApp = { ...create, spaceId: null, region: "eu" };
    app()
      .when(decideCreateApp, teamApp)
      .then([{ type: "AppCreated", data: teamApp }, creatorAdded]);
  });

  test.each([
    ["2 chars", "ab"],
    ["31 chars", "a".repeat(31)],
    ["uppercase", "Billing"],
    ["leading digit", "1billing"],
    ["leading dash", "-billing"],
    ["underscore", "billing_api"],
    ["empty", ""],
  ])("create rejects name with %s", (_case, name) => {
    app()
      .when(decideCreateApp, { ...create, name })
      .thenFails("invalid_params", /is invalid: use 3 to 30 lowercase letters/);
  });

  test.each([
    ["3 chars", "abc"],
    ["30 chars", "a".repeat(30)],
    ["digits and dashes", "a1-b2"],
  ])("create accepts name with %s", (_case, name) => {
    app()
      .when(decideCreateApp, { ...create, name })
      .then([{ type: "AppCreated", data: { ...create, name } }, creatorAdded]);
  });

  test.each([
    ["11 chars", "0123456789a"],
    ["13 chars", "0123456789abc"],
    ["uppercase hex", "0123456789AB"],
    ["non-hex letter", "0123456789ag"],
  ])("create rejects identifier with %s", (_case, identifier) => {
    app()
      .when(decideCreateApp, { ...create, identifier })
      .thenFails("invalid_params", /must be 12 lowercase hex characters/);
  });

  test.each([
    [
      "rename",
      () => app().when(decideRenameApp, { name: "billing", at: LATER }),
    ],
    ["destroy", () => app().when(decideDestroyApp, { at: LATER })],
    [
      "grant",
      () => app().when(decideGrantPermission, grant("member", ["view"])),
    ],
    [
      "update",
      () => app().when(decideUpdatePermissions, grant("member", ["view"])),
    ],
    ["revoke", () => app().when(decideRevokePermission, revoke(BOB_GRANTS))],
  ])("%s is not found", (_case, decision) => {
    decision().thenFails("not_found", /app/);
  });
});

describe("when the app exists", () => {
  test("create again is a conflict", () => {
    app(...existingApp)
      .when(decideCreateApp, create)
      .thenFails("conflict", /app-1 already exists/);
  });

  test("evolve stores app and creator", () => {
    const { state } = app(...existingApp);
    expect(state).toEqual({
      appId: APP_ID,
      name: "billing-api",
      teamId: "team-1",
      spaceId: "space-1",
      destroyed: false,
      collaborators: new Map([
        [
          "alice",
          {
            accountId: "alice",
            email: "alice@example.com",
            permissions: ["deploy", "manage", "operate", "view"],
          },
        ],
      ]),
      formation: new Map(
        ["web", "worker"].map((type) => [
          type,
          {
            type,
            quantity: 0,
            size: "Private-S",
            command: type,
            dynos: new Map(),
          },
        ]),
      ),
      acm: false,
    });
  });

  test("rename records old and new", () => {
    app(...existingApp)
      .when(decideRenameApp, { name: "billing", at: LATER })
      .then([renamed]);
  });

  test("rename to same name is no-op", () => {
    app(...existingApp)
      .when(decideRenameApp, { name: "billing-api", at: LATER })
      .thenNothing();
  });

  test("rename rejects invalid name", () => {
    app(...existingApp)
      .when(decideRenameApp, { name: "Billing", at: LATER })
      .thenFails("invalid_params", /Name "Billing" is invalid/);
  });

  test("destroy records destruction", () => {
    app(...existingApp)
      .when(decideDestroyApp, { at: LATER })
      .then([destroyed]);
  });

  test("grant member deploy", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant("member", ["deploy", "view"]))
      .then([bobAdded]);
  });

  test("grant outsider as collaborator", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant(null, ["deploy", "view"]))
      .then([bobAdded]);
  });

  test("grant viewer view only", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant("viewer", ["view"]))
      .then([
        { ...bobAdded, data: { ...bobAdded.data, permissions: ["view"] } },
      ]);
  });

  test("grant viewer deploy is rejected", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant("viewer", ["deploy", "view"]))
      .thenFails(
        "invalid_params",
        /viewer of the team and can hold only the view permission/,
      );
  });

  test("grant admin is rejected", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant("admin", ["view"]))
      .thenFails(
        "invalid_params",
        /admin of the team and already holds every permission on billing-api/,
      );
  });

  test("grant to collaborator is conflict", () => {
    app(...existingApp)
      .when(decideGrantPermission, grant("member", ["view"], BOB_GRANTS))
      .thenFails(
        "conflict",
        /bob@example.com is already a collaborator on billing-api: use access:update/,
      );
  });

  test("update of non-collaborator is not found", () => {
    app(...existingApp)
      .when(decideUpdatePermissions, grant("member", ["view"]))
      .thenFails(
        "not_found",
        /bob@example.com is not a collaborator on billing-api/,
      );
  });

  test("revoke of non-collaborator is not found", () => {
    app(...existingApp)
      .when(decideRevokePermission, revoke(null))
      .thenFails(
        "not_found",
        /bob@example.com is not a collaborator on billing-api/,
      );
  });
});

describe("when a collaborator holds deploy", () => {
  const withBob = [...existingApp, bobAdded];

  test("evolve stores the collaborator", () => {
    expect(app(...withBob).state.collaborators.get("bob")).toEqual({
      accountId: "bob",
      email: "bob@example.com",
      permissions: ["deploy", "view"],
    });
  });

  test("update records old and new", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("member", ["deploy", "operate", "view"], BOB_GRANTS),
      )
      .then([
        {
          type: "CollaboratorPermissionsUpdated",
          data: {
            appId: APP_ID,
            accountId: "bob",
            email: "bob@example.com",
            permissions: ["deploy", "operate", "view"],
            previousPermissions: ["deploy", "view"],
            at: LATER,
          },
        },
      ]);
  });

  test("update with same permissions is no-op", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("member", ["deploy", "view"], BOB_GRANTS),
      )
      .thenNothing();
  });

  test("update in other order is no-op", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("member", ["view", "deploy"], BOB_GRANTS),
      )
      .thenNothing();
  });

  test("update for admin is rejected", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("admin", ["deploy", "view"], BOB_GRANTS),
      )
      .thenFails("invalid_params", /already holds every permission/);
  });

  test("update viewer beyond view is rejected", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("viewer", ["deploy", "view"], BOB_GRANTS),
      )
      .thenFails("invalid_params", /can hold only the view permission/);
  });

  test("update viewer down to view", () => {
    app(...withBob)
      .when(decideUpdatePermissions, grant("viewer", ["view"], BOB_GRANTS))
      .then([
        {
          type: "CollaboratorPermissionsUpdated",
          data: {
            appId: APP_ID,
            accountId: "bob",
            email: "bob@example.com",
            permissions: ["view"],
            previousPermissions: ["deploy", "view"],
            at: LATER,
          },
        },
      ]);
  });

  test("update compares read-model grants", () => {
    app(...withBob)
      .when(
        decideUpdatePermissions,
        grant("member", ["deploy", "view"], ["view"]),
      )
      .then([
        {
          type: "CollaboratorPermissionsUpdated",
          data: {
            appId: APP_ID,
            accountId: "bob",
            email: "bob@example.com",
            permissions: ["deploy", "view"],
            previousPermissions: ["view"],
            at: LATER,
          },
        },
      ]);
  });

  test("revoke without current grants fails", () => {
    app(...withBob)
      .when(decideRevokePermission, revoke(null))
      .thenFails("not_found", /bob@example.com is not a collaborator/);
  });

  test("revoke records removal", () => {
    app(...withBob)
      .when(decideRevokePermission, revoke(BOB_GRANTS))
      .then([
        {
          type: "CollaboratorRemoved",
          data: {
            appId: APP_ID,
            accountId: "bob",
            email: "bob@example.com",
            at: LATER,
          },
        },
      ]);
  });
});

describe("when the permissions were updated", () => {
  test("evolve replaces the permissions", () => {
    const { state } = app(...existingApp, bobAdded, {
      type: "CollaboratorPermissionsUpdated",
      data: {
        appId: APP_ID,
        accountId: "bob",
        email: "bob@example.com",
        permissions: ["manage", "view"],
        previousPermissions: ["deploy", "view"],
        at: LATER,
      },
    });
    expect(state.collaborators.get("bob")?.permissions).toEqual([
      "manage",
      "view",
    ]);
  });
});

describe("when the collaborator was removed", () => {
  const removed: AppEvent = {
    type: "CollaboratorRemoved",
    data: {
      appId: APP_ID,
      accountId: "bob",
      email: "bob@example.com",
      at: LATER,
    },
  };

  test("evolve drops the collaborator", () => {
    const { state } = app(...existingApp, bobAdded, removed);
    expect(state.collaborators.has("bob")).toBe(false);
    expect([...state.collaborators.keys()]).toEqual(["alice"]);
  });

  test("revoke again is not found", () => {
    app(...existingApp, bobAdded, removed)
      .when(decideRevokePermission, revoke(null))
      .thenFails("not_found", /not a collaborator/);
  });

  test("grant again adds the collaborator", () => {
    app(...existingApp, bobAdded, removed)
      .when(decideGrantPermission, grant("member", ["deploy", "view"]))
      .then([bobAdded]);
  });
});

describe("when the app was renamed", () => {
  test("evolve stores the new name", () => {
    expect(app(...existingApp, renamed).state.name).toBe("billing");
  });

  test("destroy uses the new name", () => {
    app(...existingApp, renamed)
      .when(decideDestroyApp, { at: LATER })
      .then([{ ...destroyed, data: { ...destroyed.data, name: "billing" } }]);
  });
});

describe("when the app is destroyed", () => {
  const destroyedApp = [...existingApp, destroyed];

  test("evolve marks it destroyed", () => {
    expect(app(...destroyedApp).state.destroyed).toBe(true);
  });

  test("create again is a conflict", () => {
    app(...destroyedApp)
      .when(decideCreateApp, create)
      .thenFails("conflict");
  });

  test.each([
    [
      "rename",
      () =>
        app(...destroyedApp).when(decideRenameApp, {
          name: "billing",
          at: LATER,
        }),
    ],
    [
      "destroy",
      () => app(...destroyedApp).when(decideDestroyApp, { at: LATER }),
    ],
    [
      "grant",
      () =>
        app(...destroyedApp).when(
          decideGrantPermission,
          grant("member", ["view"]),
        ),
    ],
    [
      "update",
      () =>
        app(...destroyedApp).when(
          decideUpdatePermissions,
          grant("member", ["view"]),
        ),
    ],
    [
      "revoke",
      () =>
        app(...destroyedApp).when(decideRevokePermission, revoke(BOB_GRANTS)),
    ],
  ])("%s is not found", (_case, decision) => {
    decision().thenFails("not_found", /app/);
  });
});
