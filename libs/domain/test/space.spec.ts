import {
  decideAllocateSpace,
  decideCreateSpace,
  decideDestroySpace,
  decideSetSpaceAccess,
  evolveSpace,
  initialSpace,
  type CreateSpace,
  type SetSpaceAccess,
  type SpaceAccessChanged,
  type SpaceEvent,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const SPACE_ID = "space-1";

const create: CreateSpace = {
  spaceId: SPACE_ID,
  teamId: "team-1",
  name: "prod-eu",
  region: "frankfurt",
  generation: "cedar",
  shield: false,
  cidr: "10.0.0.0/16",
  dataCidr: "10.1.0.0/16",
  at: AT,
};

const created: SpaceEvent = { type: "SpaceCreated", data: create };
const allocated: SpaceEvent = {
  type: "SpaceAllocated",
  data: { spaceId: SPACE_ID, at: LATER },
};
const destroyed: SpaceEvent = {
  type: "SpaceDestroyed",
  data: { spaceId: SPACE_ID, teamId: "team-1", name: "prod-eu", at: LATER },
};

const space = (...events: SpaceEvent[]) =>
  given(evolveSpace, initialSpace, events);

function access(
  role: SetSpaceAccess["role"],
  permissions: SetSpaceAccess["permissions"],
  current: SetSpaceAccess["current"] = [],
): SetSpaceAccess {
  return {
    accountId: "bob",
    email: "bob@example.com",
    role,
    permissions,
    current,
    at: LATER,
  };
}

function accessChanged(
  permissions: SpaceAccessChanged["data"]["permissions"],
): SpaceAccessChanged {
  return {
    type: "SpaceAccessChanged",
    data: {
      spaceId: SPACE_ID,
      accountId: "bob",
      email: "bob@example.com",
      permissions,
      at: LATER,
    },
  };
}

describe("when no space exists", () => {
  test("create records the space", () => {
    space().when(decideCreateSpace, create).then([created]);
  });

  test("create accepts shield on cedar", () => {
    const shielded = { ...create, shield: true };
    space()
      .when(decideCreateSpace, shielded)
      .then([{ type: "SpaceCreated", data: shielded }]);
  });

  test("create accepts fir without shield", () => {
    const fir = { ...create, generation: "fir" as const };
    space()
      .when(decideCreateSpace, fir)
      .then([{ type: "SpaceCreated", data: fir }]);
  });

  test("create rejects shield on fir", () => {
    space()
      .when(decideCreateSpace, { ...create, generation: "fir", shield: true })
      .thenFails(
        "invalid_params",
        /Shield spaces are not available for the fir generation/,
      );
  });

  test.each(["virginia", "oregon", "frankfurt", "dublin", "tokyo", "sydney"])(
    "create accepts region %s",
    (region) => {
      space()
        .when(decideCreateSpace, { ...create, region })
        .then([{ type: "SpaceCreated", data: { ...create, region } }]);
    },
  );

  test.each(["us", "eu", "mars", "Virginia", "", "toString", "constructor"])(
    'create rejects region "%s"',
    (region) => {
      space()
        .when(decideCreateSpace, { ...create, region })
        .thenFails("invalid_params", /is not available for spaces/);
    },
  );

  test.each([
    "10.0.0.0/16",
    "10.20.0.0/20",
    "172.16.0.0/16",
    "172.31.240.0/20",
    "192.168.0.0/16",
  ])("create accepts cidr %s", (cidr) => {
    space()
      .when(decideCreateSpace, { ...create, cidr })
      .then([{ type: "SpaceCreated", data: { ...create, cidr } }]);
  });

  test.each([
    ["prefix /15", "10.0.0.0/15"],
    ["prefix /21", "10.0.0.0/21"],
    ["public 11/8", "11.0.0.0/16"],
    ["below 172.16", "172.15.0.0/16"],
    ["above 172.31", "172.32.0.0/16"],
    ["192.169 range", "192.169.0.0/16"],
    ["octet above 255", "10.256.0.0/16"],
    ["missing prefix", "10.0.0.0"],
    ["hostname", "example.com/16"],
    ["IPv6", "fd00::/16"],
  ])("create rejects cidr with %s", (_case, cidr) => {
    space()
      .when(decideCreateSpace, { ...create, cidr })
      .thenFails(
        "invalid_params",
        /^cidr ".*" is invalid: use a private IPv4 range/,
      );
  });

  test("create rejects invalid data cidr", () => {
    space()
      .when(decideCreateSpace, { ...create, dataCidr: "8.8.0.0/16" })
      .thenFails("invalid_params", /^data_cidr "8.8.0.0\/16" is invalid/);
  });

  test("create rejects invalid space name", () => {
    space()
      .when(decideCreateSpace, { ...create, name: "P" })
      .thenFails("invalid_params", /space name "P" is invalid/);
  });

  test("allocate is a no-op", () => {
    space().when(decideAllocateSpace, { at: LATER }).thenNothing();
  });

  test("set access is not found", () => {
    space()
      .when(decideSetSpaceAccess, access("member", ["create_apps"]))
      .thenFails("not_found", /space/);
  });

  test("destroy is not found", () => {
    space()
      .when(decideDestroySpace, { liveAppCount: 0, at: LATER })
      .thenFails("not_found", /space/);
  });
});

describe("when the space is allocating", () => {
  test("create again is a conflict", () => {
    space(created)
      .when(decideCreateSpace, create)
      .thenFails("conflict", /prod-eu already exists/);
  });

  test("allocate records allocation", () => {
    space(created).when(decideAllocateSpace, { at: LATER }).then([allocated]);
  });

  test("destroy records destruction", () => {
    space(created)
      .when(decideDestroySpace, { liveAppCount: 0, at: LATER })
      .then([destroyed]);
  });

  test("evolve stores identity and state", () => {
    const { state } = space(created);
    expect(state).toEqual({
      spaceId: SPACE_ID,
      teamId: "team-1",
      name: "prod-eu",
      state: "allocating",
      access: new Map(),
    });
  });
});

describe("when the space is allocated", () => {
  test("allocate again is a no-op", () => {
    space(created, allocated)
      .when(decideAllocateSpace, { at: LATER })
      .thenNothing();
  });

  test("create again is a conflict", () => {
    space(created, allocated)
      .when(decideCreateSpace, create)
      .thenFails("conflict");
  });

  test("evolve marks it allocated", () => {
    expect(space(created, allocated).state.state).toBe("allocated");
  });

  test("grant create_apps to member", () => {
    space(created, allocated)
      .when(decideSetSpaceAccess, access("member", ["create_apps"]))
      .then([accessChanged(["create_apps"])]);
  });

  test("grant create_apps to admin", () => {
    space(created, allocated)
      .when(decideSetSpaceAccess, access("admin", ["create_apps"]))
      .then([accessChanged(["create_apps"])]);
  });

  test("grant to viewer is forbidden", () => {
    space(created, allocated)
      .when(decideSetSpaceAccess, access("viewer", ["create_apps"]))
      .thenFails("invalid_params", /viewers cannot create apps/);
  });

  test("empty access for viewer is no-op", () => {
    space(created, allocated)
      .when(decideSetSpaceAccess, access("viewer", []))
      .thenNothing();
  });

  test("grant to outsider is not found", () => {
    space(created, allocated)
      .when(decideSetSpaceAccess, access(null, ["create_apps"]))
      .thenFails(
        "not_found",
        /bob@example.com is not a member of the space's team/,
      );
  });

  test("destroy with apps is a conflict", () => {
    space(created, allocated)
      .when(decideDestroySpace, { liveAppCount: 2, at: LATER })
      .thenFails("conflict", /prod-eu still has 2 app\(s\)/);
  });

  test("destroy without apps succeeds", () => {
    space(created, allocated)
      .when(decideDestroySpace, { liveAppCount: 0, at: LATER })
      .then([destroyed]);
  });
});

describe("when a member has create_apps", () => {
  const granted = [created, allocated, accessChanged(["create_apps"])];

  test("evolve stores the access", () => {
    expect(space(...granted).state.access.get("bob")).toEqual(["create_apps"]);
  });

  test("same access is a no-op", () => {
    space(...granted)
      .when(
        decideSetSpaceAccess,
        access("member", ["create_apps"], ["create_apps"]),
      )
      .thenNothing();
  });

  test("revoke records empty access", () => {
    space(...granted)
      .when(decideSetSpaceAccess, access("member", [], ["create_apps"]))
      .then([accessChanged([])]);
  });

  test("regrant after member removal", () => {
    // Removal from the team cleared the read model but not the space stream.
    space(...granted)
      .when(decideSetSpaceAccess, access("member", ["create_apps"], []))
      .then([accessChanged(["create_apps"])]);
  });

  test("evolve of revocation drops the entry", () => {
    const { state } = space(...granted, accessChanged([]));
    expect(state.access.has("bob")).toBe(false);
  });
});

describe("when the space is destroyed", () => {
  test("evolve marks it destroyed", () => {
    expect(space(created, allocated, destroyed).state.state).toBe("destroyed");
  });

  test("destroy again is not found", () => {
    space(created, allocated, destroyed)
      .when(decideDestroySpace, { liveAppCount: 0, at: LATER })
      .thenFails("not_found", /space/);
  });

  test("set access is not found", () => {
    space(created, allocated, destroyed)
      .when(decideSetSpaceAccess, access("member", ["create_apps"]))
      .thenFails("not_found", /space/);
  });

  test("allocate is a no-op", () => {
    space(created, allocated, destroyed)
      .when(decideAllocateSpace, { at: LATER })
      .thenNothing();
  });

  test("create again is a conflict", () => {
    space(created, allocated, destroyed)
      .when(decideCreateSpace, create)
      .thenFails("conflict");
  });
});
