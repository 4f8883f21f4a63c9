import { conflict, invalid, notFound } from "../shared/domain-error.js";
import { checkResourceName } from "../shared/names.js";
import type { TeamRole } from "../shared/permissions.js";
import type { TeamEvent } from "./team.events.js";

export interface TeamMember {
  accountId: string;
  email: string;
  role: TeamRole;
}

export interface TeamState {
  teamId: string | null;
  name: string | null;
  members: ReadonlyMap<string, TeamMember>;
}

export const initialTeam: TeamState = {
  teamId: null,
  name: null,
  members: new Map(),
};

export const teamStream = (teamId: string): string => `team-${teamId}`;

export function evolveTeam(state: TeamState, event: TeamEvent): TeamState {
  switch (event.type) {
    case "TeamCreated":
      return { ...state, teamId: event.data.teamId, name: event.data.name };
    case "TeamMemberAdded":
    case "TeamMemberRoleChanged": {
      const { accountId, email, role } = event.data;
      const members = new Map(state.members);
      members.set(accountId, { accountId, email, role });
      return { ...state, members };
    }
    case "TeamMemberRemoved": {
      const members = new Map(state.members);
      members.delete(event.data.accountId);
      return { ...state, members };
    }
  }
}

export interface CreateTeam {
  teamId: string;
  name: string;
  admin: { accountId: string; email: string };
  at: string;
}

export function decideCreateTeam(
  state: TeamState,
  command: CreateTeam,
): TeamEvent[] {
  if (state.teamId !== null)
    throw conflict(`Team ${command.name} already exists.`);
  checkResourceName("team", command.name);
  const { teamId, name, admin, at } = command;
  return [
    { type: "TeamCreated", data: { teamId, name, at } },
    { type: "TeamMemberAdded", data: { teamId, ...admin, role: "admin", at } },
  ];
}

export interface SetTeamMember {
  accountId: string;
  email: string;
  role: TeamRole;
  at: string;
  /** `add` fails when the account is already a member, `update` when it is not; `upsert` does either. */
  mode: "add" | "update" | "upsert";
}

export function decideSetTeamMember(
  state: TeamState,
  command: SetTeamMember,
): TeamEvent[] {
  const team = requireTeam(state);
  const { accountId, email, role, at, mode } = command;
  const current = team.members.get(accountId);
  if (!current) {
    if (mode === "update")
      throw notFound("member", `${email} is not a member of ${team.name}.`);
    return [
      {
        type: "TeamMemberAdded",
        data: { teamId: team.teamId, accountId, email, role, at },
      },
    ];
  }
  if (mode === "add")
    throw conflict(`${email} is already a member of ${team.name}.`);
  if (current.role === role) return [];
  if (current.role === "admin") checkAnotherAdminRemains(team, accountId);
  return [
    {
      type: "TeamMemberRoleChanged",
      data: {
        teamId: team.teamId,
        accountId,
        email,
        role,
        previousRole: current.role,
        at,
      },
    },
  ];
}

export function decideRemoveTeamMember(
  state: TeamState,
  command: { accountId: string; email: string; at: string },
): TeamEvent[] {
  const team = requireTeam(state);
  const current = team.members.get(command.accountId);
  if (!current)
    throw notFound(
      "member",
      `${command.email} is not a member of ${team.name}.`,
    );
  if (current.role === "admin")
    checkAnotherAdminRemains(team, command.accountId);
  return [
    {
      type: "TeamMemberRemoved",
      data: {
        teamId: team.teamId,
        accountId: command.accountId,
        email: current.email,
        at: command.at,
      },
    },
  ];
}

type ExistingTeam = TeamState & { teamId: string; name: string };

function requireTeam(state: TeamState): ExistingTeam {
  if (state.teamId === null || state.name === null) throw notFound("team");
  return state as ExistingTeam;
}

function checkAnotherAdminRemains(
  team: ExistingTeam,
  leavingAccountId: string,
): void {
  const otherAdmins = [...team.members.values()].filter(
    (member) =>
      member.role === "admin" && member.accountId !== leavingAccountId,
  );
  if (otherAdmins.length === 0) {
    throw invalid(
      `Team ${team.name} must keep at least one admin: add another admin first.`,
    );
  }
}
