import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/**
 * Explicit app permissions (collaborators). Removing a team member drops,
 * in the same transaction, their permissions on the team's apps and their
 * access to the team's spaces.
 */
export class AppPermissionsProjection implements Projection {
  readonly name = "app-permissions";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "CollaboratorAdded":
        // A creator removed from the team before the app's creation reached
        // the log holds nothing on it: events apply in log order, so the
        // membership seen here is the one at the moment of creation.
        if (
          event.data.creator &&
          !(await this.isTeamMember(
            trx,
            event.data.appId,
            event.data.accountId,
          ))
        ) {
          return;
        }
        await trx
          .insertInto("app_permissions")
          .values({
            app_id: event.data.appId,
            account_id: event.data.accountId,
            email: event.data.email,
            permissions: JSON.stringify(event.data.permissions),
            created_at: event.data.at,
            updated_at: event.data.at,
          })
          // An add for an existing collaborator replaces its permissions,
          // so one duplicate in the log cannot stall the projector.
          .onConflict((conflict) =>
            conflict.columns(["app_id", "account_id"]).doUpdateSet({
              permissions: JSON.stringify(event.data.permissions),
              updated_at: event.data.at,
            }),
          )
          .execute();
        return;
      case "CollaboratorPermissionsUpdated":
        await trx
          .updateTable("app_permissions")
          .set({
            permissions: JSON.stringify(event.data.permissions),
            updated_at: event.data.at,
          })
          .where("app_id", "=", event.data.appId)
          .where("account_id", "=", event.data.accountId)
          .execute();
        return;
      case "CollaboratorRemoved":
        await trx
          .deleteFrom("app_permissions")
          .where("app_id", "=", event.data.appId)
          .where("account_id", "=", event.data.accountId)
          .execute();
        return;
      case "AppDestroyed":
        await trx
          .deleteFrom("app_permissions")
          .where("app_id", "=", event.data.appId)
          .execute();
        return;
      case "TeamMemberRemoved":
        await this.revokeTeamRights(
          trx,
          event.data.teamId,
          event.data.accountId,
        );
        return;
      default:
        return;
    }
  }

  private async isTeamMember(
    trx: ReadModelTransaction,
    appId: string,
    accountId: string,
  ): Promise<boolean> {
    const row = await trx
      .selectFrom("apps")
      .innerJoin("team_members", "team_members.team_id", "apps.team_id")
      .select("team_members.account_id")
      .where("apps.id", "=", appId)
      .where("team_members.account_id", "=", accountId)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async revokeTeamRights(
    trx: ReadModelTransaction,
    teamId: string,
    accountId: string,
  ): Promise<void> {
    await trx
      .deleteFrom("app_permissions")
      .where("account_id", "=", accountId)
      .where(
        "app_id",
        "in",
        trx.selectFrom("apps").select("id").where("team_id", "=", teamId),
      )
      .execute();
    await trx
      .deleteFrom("space_access")
      .where("account_id", "=", accountId)
      .where(
        "space_id",
        "in",
        trx.selectFrom("spaces").select("id").where("team_id", "=", teamId),
      )
      .execute();
  }
}
