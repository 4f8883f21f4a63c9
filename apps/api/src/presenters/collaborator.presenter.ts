import type {
  AppRow,
  CollaboratorRow,
} from "../../../../libs/read-models/src/index.js";
import { effectiveAppPermissions } from "../../../../libs/domain/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";
import { presentPermission } from "./permission.presenter.js";

/** The Platform API's TeamAppCollaborator resource. */
export function presentCollaborator(
  app: AppRow,
  row: CollaboratorRow,
): Record<string, unknown> {
  return {
    app: { id: app.id, name: app.name },
    created_at: row.createdAt,
    id: uuidFrom("collaborator", app.id, row.accountId),
    // Shows what the collaborator can do: a viewer holds at most view,
    // whatever grants remain from an earlier role.
    permissions: effectiveAppPermissions({
      appName: app.name,
      teamRole: row.teamRole,
      granted: row.permissions,
    }).map(presentPermission),
    role: row.teamRole ?? "collaborator",
    updated_at: row.updatedAt,
    user: { email: row.email, federated: false, id: row.accountId },
  };
}
