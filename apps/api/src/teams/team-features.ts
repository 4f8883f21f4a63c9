import type { TeamRow } from "../../../../libs/read-models/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";

const FEATURES = [
  {
    name: "org-access-controls",
    display_name: "Fine-grained app permissions",
    description:
      "Grant view, deploy, operate and manage per app and per account.",
    enabled: true,
  },
  {
    name: "team-invite-acceptance",
    display_name: "Invitations",
    description:
      "Invited members must accept before joining; not used here, members are added directly.",
    enabled: false,
  },
];

/**
 * Lists the team's features. `org-access-controls` must be listed, because the
 * CLI's `access:add` sends permissions only when it is.
 */
export function teamFeatures(team: TeamRow): Record<string, unknown>[] {
  return FEATURES.map((feature) => ({
    id: uuidFrom("team-feature", feature.name),
    ...feature,
    doc_url: null,
    state: "general",
    feedback_email: "",
    created_at: team.createdAt,
    updated_at: team.updatedAt,
  }));
}
