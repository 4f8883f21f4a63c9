import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Teams and their members with roles. */
export class TeamsProjection implements Projection {
  readonly name = "teams";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "TeamCreated":
        await trx
          .insertInto("teams")
          .values({
            id: event.data.teamId,
            name: event.data.name,
            created_at: event.data.at,
            updated_at: event.data.at,
          })
          .execute();
        return;
      case "TeamMemberAdded":
        await trx
          .insertInto("team_members")
          .values({
            team_id: event.data.teamId,
            account_id: event.data.accountId,
            email: event.data.email,
            role: event.data.role,
            created_at: event.data.at,
            updated_at: event.data.at,
          })
          .execute();
        return;
      case "TeamMemberRoleChanged":
        await trx
          .updateTable("team_members")
          .set({ role: event.data.role, updated_at: event.data.at })
          .where("team_id", "=", event.data.teamId)
          .where("account_id", "=", event.data.accountId)
          .execute();
        return;
      case "TeamMemberRemoved":
        await trx
          .deleteFrom("team_members")
          .where("team_id", "=", event.data.teamId)
          .where("account_id", "=", event.data.accountId)
          .execute();
        return;
      default:
        return;
    }
  }
}
