import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideScaleFormation,
} from "../../../../../libs/domain/src/index.js";
import { appModel } from "../../apps/app-stream.model.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { uuidFrom } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentFormation } from "../../presenters/formation.presenter.js";
import { ScaleFormationCommand } from "./scale-formation.command.js";

/** Below this many dynos of a type, a space app survives no zone outage. */
const HIGH_AVAILABILITY_MINIMUM = 3;

export interface ScaleResult {
  formation: Record<string, unknown>[];
  /** Advice for the `Warning-Message` header, or null. */
  warning: string | null;
}

@CommandHandler(ScaleFormationCommand)
export class ScaleFormationHandler implements ICommandHandler<ScaleFormationCommand> {
  private readonly logger = new Logger(ScaleFormationHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    updates,
  }: ScaleFormationCommand): Promise<ScaleResult> {
    const app = await this.authorizer.app(actor, identity, "operate");
    const context = commandContext(actor, "ScaleFormation");
    const stoppedDynoIds = await this.readModels.dynos.downDynoIds(app.id);
    const { events, position } = await this.repository.execute(
      appStream(app.id),
      appModel,
      context,
      (state) =>
        decideScaleFormation(state, {
          updates,
          shield: app.spaceShield,
          dynoId: (name) => uuidFrom("dyno", context.commandId, name),
          stoppedDynoIds,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    for (const event of events) {
      if (event.type !== "FormationChanged") continue;
      const summary = event.data.updates
        .map((u) => `${u.type}=${u.quantity}:${u.size}`)
        .join(" ");
      this.logger.log(
        `Formation of app ${app.id} set to ${summary} by ${actor.accountId}`,
      );
    }

    const rows = await this.readModels.dynos.formationOf(app.id);
    const requested = new Set(updates.map((update) => update.type));
    const exposed = rows.filter(
      (row) =>
        requested.has(row.type) &&
        row.quantity > 0 &&
        row.quantity < HIGH_AVAILABILITY_MINIMUM,
    );
    const warning =
      app.spaceId && exposed.length > 0
        ? `Process types running fewer than ${HIGH_AVAILABILITY_MINIMUM} dynos: ${exposed.map((row) => row.type).join(", ")}. ` +
          `Dynos of a space app are spread over 3 availability zones; scale to at least ${HIGH_AVAILABILITY_MINIMUM} to survive the loss of one zone.`
        : null;
    return {
      formation: rows.map((row) => presentFormation(app, row)),
      warning,
    };
  }
}
