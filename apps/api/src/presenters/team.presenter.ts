import type {
  TeamMemberRow,
  TeamRow,
} from "../../../../libs/read-models/src/index.js";

export function presentTeam(
  team: TeamRow,
  role: string | null,
): Record<string, unknown> {
  return {
    id: team.id,
    name: team.name,
    role,
    // `enterprise` keeps the CLI's members commands off the invitation flow.
    type: "enterprise",
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    credit_card_collections: false,
    default: false,
    membership_limit: null,
    provisioned_licenses: true,
    identity_provider: null,
    enterprise_account: null,
  };
}

export function presentTeamMember(
  member: TeamMemberRow,
): Record<string, unknown> {
  return {
    created_at: member.createdAt,
    email: member.email,
    federated: false,
    id: member.accountId,
    identity_provider: null,
    role: member.role,
    two_factor_authentication: false,
    updated_at: member.updatedAt,
    user: { email: member.email, id: member.accountId, name: null },
  };
}
