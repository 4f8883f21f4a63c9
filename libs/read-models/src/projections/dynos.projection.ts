import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Every dyno with its current state, and the timers not fired yet. */
export class DynosProjection implements Projection {
  readonly name = "dynos";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "DynoProvisioningRequested": {
        const dyno = event.data;
        await trx
          .insertInto("dynos")
          .values({
            dyno_id: dyno.dynoId,
            app_id: dyno.appId,
            name: dyno.name,
            type: dyno.type,
            size: dyno.size,
            command: dyno.command,
            origin: dyno.origin,
            attach: dyno.attach ? 1 : 0,
            state: "starting",
            zone: null,
            attempts: 0,
            exit_code: null,
            created_at: dyno.at,
            updated_at: dyno.at,
          })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        return;
      }
      case "DynoProvisioningAttempted":
        await this.update(trx, event.data.dynoId, {
          attempts: event.data.attempt,
        });
        return;
      case "DynoUp":
        await this.update(trx, event.data.dynoId, {
          state: "up",
          zone: event.data.zone,
          updated_at: event.data.at,
        });
        return;
      case "DynoCrashed":
        await this.update(trx, event.data.dynoId, {
          state: "crashed",
          updated_at: event.data.at,
        });
        return;
      case "DynoStopped":
        await this.update(trx, event.data.dynoId, {
          state: "down",
          updated_at: event.data.at,
        });
        return;
      case "DynoExited":
        await this.update(trx, event.data.dynoId, {
          state: "down",
          exit_code: event.data.exitCode,
          updated_at: event.data.at,
        });
        return;
      case "TimerScheduled":
        await trx
          .insertInto("timers")
          .values({
            timer_id: event.data.timerId,
            dyno_id: event.data.dynoId,
            purpose: event.data.purpose,
            attempt: event.data.attempt,
            due_at: event.data.dueAt,
          })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        return;
      case "TimerFired":
        await trx
          .deleteFrom("timers")
          .where("timer_id", "=", event.data.timerId)
          .execute();
        return;
      default:
        return;
    }
  }

  private async update(
    trx: ReadModelTransaction,
    dynoId: string,
    values: {
      state?: string;
      zone?: string;
      attempts?: number;
      exit_code?: number;
      updated_at?: string;
    },
  ): Promise<void> {
    await trx
      .updateTable("dynos")
      .set(values)
      .where("dyno_id", "=", dynoId)
      .execute();
  }
}
