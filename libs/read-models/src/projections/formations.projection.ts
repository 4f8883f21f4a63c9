import {
  defaultDynoSize,
  type ControlPlaneEvent,
} from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Process types of each live app with their quantity, size and command. */
export class FormationsProjection implements Projection {
  readonly name = "formations";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "AppCreated": {
        const { appId, spaceId, at } = event.data;
        const size = defaultDynoSize({
          inSpace: spaceId !== null,
          shield: false,
        });
        await trx
          .insertInto("formations")
          .values(
            ["web", "worker"].map((type) => ({
              app_id: appId,
              type,
              quantity: 0,
              size,
              command: type,
              created_at: at,
              updated_at: at,
            })),
          )
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        return;
      }
      case "FormationChanged":
        for (const update of event.data.updates) {
          await trx
            .updateTable("formations")
            .set({
              quantity: update.quantity,
              size: update.size,
              updated_at: event.data.at,
            })
            .where("app_id", "=", event.data.appId)
            .where("type", "=", update.type)
            .execute();
        }
        return;
      case "AppDestroyed":
        await trx
          .deleteFrom("formations")
          .where("app_id", "=", event.data.appId)
          .execute();
        return;
      default:
        return;
    }
  }
}
