import type { AccountRow } from "../../../../libs/read-models/src/index.js";

/** The Platform API's Account resource, with every field the CLI may read. */
export function presentAccount(account: AccountRow): Record<string, unknown> {
  return {
    allow_tracking: false,
    beta: false,
    country_of_residence: null,
    created_at: account.createdAt,
    default_organization: null,
    default_team: null,
    delinquent_at: null,
    email: account.email,
    federated: false,
    id: account.id,
    identity_provider: null,
    last_login: null,
    name: null,
    sms_number: null,
    suspended_at: null,
    two_factor_authentication: false,
    updated_at: account.createdAt,
    verified: true,
  };
}
