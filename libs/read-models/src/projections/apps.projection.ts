import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Live apps, listed by team and space and shown in detail. */
export class AppsProjection implements Projection {
  readonly name = "apps";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "AppCreated": {
        const app = event.data;
        await trx
          .insertInto("apps")
          .values({
            id: app.appId,
            name: app.name,
            identifier: app.identifier,
            team_id: app.teamId,
            space_id: app.spaceId,
            region: app.region,
            stack: app.stack,
            generation: app.generation,
            internal_routing: app.internalRouting ? 1 : 0,
            creator_id: app.creatorId,
            acm: 0,
            default_domain_acm_status: null,
            default_domain_acm_status_reason: null,
            created_at: app.at,
            updated_at: app.at,
          })
          .execute();
        return;
      }
      case "AppRenamed":
        await trx
          .updateTable("apps")
          .set({ name: event.data.name, updated_at: event.data.at })
          .where("id", "=", event.data.appId)
          .execute();
        return;
      case "AppDestroyed":
        await trx
          .deleteFrom("apps")
          .where("id", "=", event.data.appId)
          .execute();
        return;
      default:
        return;
    }
  }
}
