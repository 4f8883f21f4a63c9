import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Live spaces and per-member space access. */
export class SpacesProjection implements Projection {
  readonly name = "spaces";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "SpaceCreated": {
        const space = event.data;
        await trx
          .insertInto("spaces")
          .values({
            id: space.spaceId,
            team_id: space.teamId,
            name: space.name,
            region: space.region,
            generation: space.generation,
            shield: space.shield ? 1 : 0,
            cidr: space.cidr,
            data_cidr: space.dataCidr,
            state: "allocating",
            created_at: space.at,
            updated_at: space.at,
          })
          .execute();
        return;
      }
      case "SpaceAllocated":
        await trx
          .updateTable("spaces")
          .set({ state: "allocated", updated_at: event.data.at })
          .where("id", "=", event.data.spaceId)
          .execute();
        return;
      case "SpaceAccessChanged":
        await this.setAccess(trx, event.data);
        return;
      case "SpaceDestroyed":
        await trx
          .deleteFrom("space_access")
          .where("space_id", "=", event.data.spaceId)
          .execute();
        await trx
          .deleteFrom("spaces")
          .where("id", "=", event.data.spaceId)
          .execute();
        return;
      default:
        return;
    }
  }

  private async setAccess(
    trx: ReadModelTransaction,
    access: {
      spaceId: string;
      accountId: string;
      email: string;
      permissions: string[];
      at: string;
    },
  ): Promise<void> {
    await trx
      .deleteFrom("space_access")
      .where("space_id", "=", access.spaceId)
      .where("account_id", "=", access.accountId)
      .execute();
    if (access.permissions.length === 0) return;
    // A grant that reached the log after the member left the team grants nothing.
    const member = await trx
      .selectFrom("spaces")
      .innerJoin("team_members", "team_members.team_id", "spaces.team_id")
      .select("team_members.account_id")
      .where("spaces.id", "=", access.spaceId)
      .where("team_members.account_id", "=", access.accountId)
      .executeTakeFirst();
    if (!member) return;

    await trx
      .insertInto("space_access")
      .values({
        space_id: access.spaceId,
        account_id: access.accountId,
        email: access.email,
        permissions: JSON.stringify(access.permissions),
        updated_at: access.at,
      })
      .execute();
  }
}
