import type { DomainEvent } from "../shared/domain-event.js";
import type { TeamRole } from "../shared/permissions.js";

export type TeamCreated = DomainEvent<
  "TeamCreated",
  { teamId: string; name: string; at: string }
>;
export type TeamMemberAdded = DomainEvent<
  "TeamMemberAdded",
  {
    teamId: string;
    accountId: string;
    email: string;
    role: TeamRole;
    at: string;
  }
>;
export type TeamMemberRoleChanged = DomainEvent<
  "TeamMemberRoleChanged",
  {
    teamId: string;
    accountId: string;
    email: string;
    role: TeamRole;
    previousRole: TeamRole;
    at: string;
  }
>;
/**
 * Removing a member also ends, in this same event, their space access and
 * every app permission they held on the team's apps.
 */
export type TeamMemberRemoved = DomainEvent<
  "TeamMemberRemoved",
  { teamId: string; accountId: string; email: string; at: string }
>;

export type TeamEvent =
  TeamCreated | TeamMemberAdded | TeamMemberRoleChanged | TeamMemberRemoved;
