import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  canonicalDynoSize,
  decideRequestDyno,
  defaultDynoSize,
  dynoStream,
  invalid,
} from "../../../../../libs/domain/src/index.js";
import type { AppRow } from "../../../../../libs/read-models/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { uuidFrom } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentDyno } from "../../presenters/formation.presenter.js";
import { dynoModel } from "../dyno-stream.model.js";
import { OneOffSessions } from "../one-off-sessions.js";
import { RunDynoCommand } from "./run-dyno.command.js";

export interface RunResult {
  dyno: Record<string, unknown>;
  warning: string | null;
}

const SPACE_WARNING =
  "Dynos can take up to a few minutes to be provisioned in Private Spaces.";

/** Starts a one-off dyno named `run.NNNN`; attached runs get a rendezvous attach URL. */
@CommandHandler(RunDynoCommand)
export class RunDynoHandler implements ICommandHandler<RunDynoCommand> {
  private readonly logger = new Logger(RunDynoHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly sessions: OneOffSessions,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    body,
  }: RunDynoCommand): Promise<RunResult> {
    const app = await this.authorizer.app(actor, identity, "deploy");
    if (app.generation === "fir") {
      throw invalid(
        `One-off dynos are not available for apps in fir spaces like ${app.spaceName}: use heroku run:inside DYNO COMMAND to run a command in a running dyno.`,
      );
    }
    const size = await this.sizeFor(app, body.size, body.type);
    const context = commandContext(actor, "RunDyno");
    const name = await this.freeName(app.id, context.commandId);
    const dynoId = uuidFrom("dyno", context.commandId, name);
    const attach = body.attach ?? false;

    const { position } = await this.repository.execute(
      dynoStream(dynoId),
      dynoModel,
      context,
      (state) =>
        decideRequestDyno(state, {
          appId: app.id,
          slot: { dynoId, name, type: "run", size, command: body.command },
          origin: "run",
          attach,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `One-off dyno ${name} (${dynoId}) requested on app ${app.id} by ${actor.accountId}`,
    );

    const dyno = await this.readModels.dynos.dynoById(dynoId);
    if (!dyno)
      throw new Error(
        `Dyno ${dynoId} is missing from the read model after its request.`,
      );
    const attachUrl = attach ? this.sessions.open(dyno) : null;
    return {
      dyno: presentDyno(app, dyno, attachUrl),
      warning: app.spaceId ? SPACE_WARNING : null,
    };
  }

  private async sizeFor(
    app: AppRow,
    size: string | undefined,
    type: string | undefined,
  ): Promise<string> {
    const placement = {
      inSpace: app.spaceId !== null,
      shield: app.spaceShield,
    };
    if (size !== undefined) return canonicalDynoSize(size, placement);
    if (type !== undefined) {
      const row = (await this.readModels.dynos.formationOf(app.id)).find(
        (r) => r.type === type,
      );
      if (row) return row.size;
    }
    return defaultDynoSize(placement);
  }

  /** Derives a `run.NNNN` name from the command, skipping names of live dynos. */
  private async freeName(appId: string, commandId: string): Promise<string> {
    const live = new Set(
      (await this.readModels.dynos.dynosOf(appId)).map((dyno) => dyno.name),
    );
    const seed = Number.parseInt(commandId.replaceAll("-", "").slice(0, 8), 16);
    for (let offset = 0; offset < 9000; offset += 1) {
      const name = `run.${1000 + ((seed + offset) % 9000)}`;
      if (!live.has(name)) return name;
    }
    throw invalid(
      "The app runs too many one-off dynos: stop some with heroku ps:stop first.",
    );
  }
}
