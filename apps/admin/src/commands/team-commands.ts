import { Injectable, Logger } from "@nestjs/common";
import {
  checkResourceName,
  decideCreateTeam,
  normalizeEmail,
  teamStream,
} from "../../../../libs/domain/src/index.js";
import {
  systemContext,
  uuidFrom,
} from "../../../api/src/infrastructure/command-context.js";
import { Clock } from "../../../api/src/infrastructure/clock.js";
import { EventSourcedRepository } from "../../../api/src/infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../../api/src/infrastructure/name-reservations.js";
import { ReadModelsService } from "../../../api/src/infrastructure/read-models.service.js";
import { teamModel } from "../../../api/src/teams/team-stream.model.js";
import { OPERATOR, UsageError, type CommandOutput } from "../operator.js";

/** Operator commands for teams, which the Platform API subset cannot create. */
@Injectable()
export class TeamCommands {
  private readonly logger = new Logger(TeamCommands.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {}

  async createTeam(name: string, adminEmail: string): Promise<CommandOutput> {
    checkResourceName("team", name);
    const email = normalizeEmail(adminEmail);
    const admin = await this.readModels.queries.accountByEmail(email);
    if (!admin)
      throw new UsageError(
        `No account exists for ${email}: create it first with accounts:create ${email}.`,
      );
    if (await this.readModels.queries.teamByNameOrId(name))
      throw new UsageError(`The team ${name} already exists.`);

    const context = systemContext(OPERATOR, "CreateTeam");
    const teamId = uuidFrom("team", context.commandId);
    const at = this.clock.nowIso();
    await this.reservations.reserve(
      "team-name",
      name,
      teamId,
      context,
      at,
      `The team ${name} already exists.`,
      async (holder) =>
        (await this.repository.load(teamStream(holder), teamModel)).state
          .teamId === null,
    );
    const { position } = await this.repository.execute(
      teamStream(teamId),
      teamModel,
      context,
      (state) =>
        decideCreateTeam(state, {
          teamId,
          name,
          admin: { accountId: admin.id, email },
          at,
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(`Team ${name} (${teamId}) created with admin ${admin.id}`);
    return [`Created team ${name} (${teamId}) with admin ${email}.`];
  }
}
