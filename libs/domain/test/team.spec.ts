import {
  decideCreateTeam,
  decideRemoveTeamMember,
  decideSetTeamMember,
  evolveTeam,
  initialTeam,
  type TeamEvent,
  type TeamMemberAdded,
  type TeamRole,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const TEAM_ID = "team-1";

const teamCreated: TeamEvent = {
  type: "TeamCreated",
  data: { teamId: TEAM_ID, name: "acme", at: AT },
};

function memberAdded(accountId: string, role: TeamRole): TeamMemberAdded {
  return {
    type: "TeamMemberAdded",
    data: {
      teamId: TEAM_ID,
      accountId,
      email: `${accountId}@example.com`,
      role,
      at: AT,
    },
  };
}

const alice = memberAdded("alice", "admin");
const bob = memberAdded("bob", "member");
const carol = memberAdded("carol", "admin");

const team = (...events: TeamEvent[]) => given(evolveTeam, initialTeam, events);

function setMember(
  accountId: string,
  role: TeamRole,
  mode: "add" | "update" | "upsert",
) {
  return {
    accountId,
    email: `${accountId}@example.com`,
    role,
    mode,
    at: LATER,
  };
}

function removeMember(accountId: string) {
  return { accountId, email: `${accountId}@example.com`, at: LATER };
}

describe("when no team exists", () => {
  test("create adds team and admin", () => {
    team()
      .when(decideCreateTeam, {
        teamId: TEAM_ID,
        name: "acme",
        admin: { accountId: "alice", email: "alice@example.com" },
        at: AT,
      })
      .then([teamCreated, alice]);
  });

  test("create rejects invalid team name", () => {
    team()
      .when(decideCreateTeam, {
        teamId: TEAM_ID,
        name: "Acme_Corp",
        admin: { accountId: "alice", email: "alice@example.com" },
        at: AT,
      })
      .thenFails("invalid_params", /team name "Acme_Corp" is invalid/);
  });

  test("set member is not found", () => {
    team()
      .when(decideSetTeamMember, setMember("bob", "member", "upsert"))
      .thenFails("not_found");
  });

  test("remove member is not found", () => {
    team()
      .when(decideRemoveTeamMember, removeMember("bob"))
      .thenFails("not_found");
  });
});

describe("when the team has one admin", () => {
  test("create again is a conflict", () => {
    team(teamCreated, alice)
      .when(decideCreateTeam, {
        teamId: TEAM_ID,
        name: "acme",
        admin: { accountId: "bob", email: "bob@example.com" },
        at: LATER,
      })
      .thenFails("conflict", /acme already exists/);
  });

  test("add records new member", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("bob", "member", "add"))
      .then([{ ...bob, data: { ...bob.data, at: LATER } }]);
  });

  test("upsert records new viewer", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("dave", "viewer", "upsert"))
      .then([
        {
          type: "TeamMemberAdded",
          data: {
            teamId: TEAM_ID,
            accountId: "dave",
            email: "dave@example.com",
            role: "viewer",
            at: LATER,
          },
        },
      ]);
  });

  test("update of non-member is not found", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("bob", "member", "update"))
      .thenFails("not_found", /bob@example.com is not a member of acme/);
  });

  test("add existing member is a conflict", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("alice", "admin", "add"))
      .thenFails("conflict", /alice@example.com is already a member of acme/);
  });

  test("same role is a no-op", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("alice", "admin", "update"))
      .thenNothing();
  });

  test("demoting last admin is rejected", () => {
    team(teamCreated, alice)
      .when(decideSetTeamMember, setMember("alice", "member", "update"))
      .thenFails("invalid_params", /must keep at least one admin/);
  });

  test("upsert demoting last admin is rejected", () => {
    team(teamCreated, alice, bob)
      .when(decideSetTeamMember, setMember("alice", "viewer", "upsert"))
      .thenFails("invalid_params", /must keep at least one admin/);
  });

  test("removing last admin is rejected", () => {
    team(teamCreated, alice, bob)
      .when(decideRemoveTeamMember, removeMember("alice"))
      .thenFails("invalid_params", /must keep at least one admin/);
  });

  test("remove of non-member is not found", () => {
    team(teamCreated, alice)
      .when(decideRemoveTeamMember, removeMember("bob"))
      .thenFails("not_found", /bob@example.com is not a member of acme/);
  });

  test("evolve stores team and admin", () => {
    const { state } = team(teamCreated, alice);
    expect(state.teamId).toBe(TEAM_ID);
    expect(state.name).toBe("acme");
    expect([...state.members.values()]).toEqual([
      { accountId: "alice", email: "alice@example.com", role: "admin" },
    ]);
  });
});

describe("when the team has a member", () => {
  test("promote records role change", () => {
    team(teamCreated, alice, bob)
      .when(decideSetTeamMember, setMember("bob", "admin", "update"))
      .then([
        {
          type: "TeamMemberRoleChanged",
          data: {
            teamId: TEAM_ID,
            accountId: "bob",
            email: "bob@example.com",
            role: "admin",
            previousRole: "member",
            at: LATER,
          },
        },
      ]);
  });

  test("upsert same role is a no-op", () => {
    team(teamCreated, alice, bob)
      .when(decideSetTeamMember, setMember("bob", "member", "upsert"))
      .thenNothing();
  });

  test("remove is one event", () => {
    team(teamCreated, alice, bob)
      .when(decideRemoveTeamMember, removeMember("bob"))
      .then([
        {
          type: "TeamMemberRemoved",
          data: {
            teamId: TEAM_ID,
            accountId: "bob",
            email: "bob@example.com",
            at: LATER,
          },
        },
      ]);
  });

  test("remove uses the stored email", () => {
    team(teamCreated, alice, bob)
      .when(decideRemoveTeamMember, {
        accountId: "bob",
        email: "BOB@other.example",
        at: LATER,
      })
      .then([
        {
          type: "TeamMemberRemoved",
          data: {
            teamId: TEAM_ID,
            accountId: "bob",
            email: "bob@example.com",
            at: LATER,
          },
        },
      ]);
  });
});

describe("when the team has two admins", () => {
  test("demoting one admin succeeds", () => {
    team(teamCreated, alice, carol)
      .when(decideSetTeamMember, setMember("alice", "viewer", "update"))
      .then([
        {
          type: "TeamMemberRoleChanged",
          data: {
            teamId: TEAM_ID,
            accountId: "alice",
            email: "alice@example.com",
            role: "viewer",
            previousRole: "admin",
            at: LATER,
          },
        },
      ]);
  });

  test("removing one admin succeeds", () => {
    team(teamCreated, alice, carol)
      .when(decideRemoveTeamMember, removeMember("carol"))
      .then([
        {
          type: "TeamMemberRemoved",
          data: {
            teamId: TEAM_ID,
            accountId: "carol",
            email: "carol@example.com",
            at: LATER,
          },
        },
      ]);
  });
});

describe("when the other admin was demoted", () => {
  const demoted: TeamEvent = {
    type: "TeamMemberRoleChanged",
    data: {
      teamId: TEAM_ID,
      accountId: "carol",
      email: "carol@example.com",
      role: "member",
      previousRole: "admin",
      at: LATER,
    },
  };

  test("evolve updates the role", () => {
    const { state } = team(teamCreated, alice, carol, demoted);
    expect(state.members.get("carol")).toEqual({
      accountId: "carol",
      email: "carol@example.com",
      role: "member",
    });
  });

  test("demoting the last admin is rejected", () => {
    team(teamCreated, alice, carol, demoted)
      .when(decideSetTeamMember, setMember("alice", "member", "update"))
      .thenFails("invalid_params", /acme must keep at least one admin/);
  });
});

describe("when the member was removed", () => {
  const removed: TeamEvent = {
    type: "TeamMemberRemoved",
    data: {
      teamId: TEAM_ID,
      accountId: "bob",
      email: "bob@example.com",
      at: LATER,
    },
  };

  test("evolve drops the member", () => {
    const { state } = team(teamCreated, alice, bob, removed);
    expect(state.members.has("bob")).toBe(false);
    expect([...state.members.keys()]).toEqual(["alice"]);
  });

  test("update is not found", () => {
    team(teamCreated, alice, bob, removed)
      .when(decideSetTeamMember, setMember("bob", "admin", "update"))
      .thenFails("not_found");
  });

  test("add records the member again", () => {
    team(teamCreated, alice, bob, removed)
      .when(decideSetTeamMember, setMember("bob", "viewer", "add"))
      .then([
        {
          type: "TeamMemberAdded",
          data: {
            teamId: TEAM_ID,
            accountId: "bob",
            email: "bob@example.com",
            role: "viewer",
            at: LATER,
          },
        },
      ]);
  });
});
