import { Injectable } from "@nestjs/common";
import {
  COMMON_RUNTIME_REGIONS,
  invalid,
  notFound,
  requireMayCreateAppInSpace,
  requireMayCreateTeamApp,
} from "../../../../libs/domain/src/index.js";
import type {
  SpaceRow,
  TeamRow,
} from "../../../../libs/read-models/src/index.js";
import type { RequestActor } from "../http/request-actor.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import type { CreateTeamAppDto } from "./dto/create-team-app.dto.js";

const CEDAR_STACKS = ["heroku-22", "heroku-24"];

export interface AppPlacement {
  team: TeamRow;
  space: SpaceRow | null;
  region: string;
  stack: string;
  generation: "cedar" | "fir";
}

/** Decides where a new app goes and whether the caller may create it there. */
@Injectable()
export class AppPlacementResolver {
  constructor(private readonly readModels: ReadModelsService) {}

  async resolve(
    actor: RequestActor,
    body: CreateTeamAppDto,
  ): Promise<AppPlacement> {
    if (body.space) return this.inSpace(actor, body, body.space);
    if (!body.team)
      throw invalid("Either team or space is required to create an app.");
    if (body.internal_routing)
      throw invalid("internal_routing is only available for apps in a space.");

    const queries = this.readModels.queries;
    const team = await queries.teamByNameOrId(body.team);
    if (!team) throw notFound("team");
    requireMayCreateTeamApp(
      team.name,
      await queries.teamRole(team.id, actor.accountId),
    );
    const region = body.region ?? "us";
    if (!(region in COMMON_RUNTIME_REGIONS)) {
      throw invalid(
        `Region ${JSON.stringify(region)} is not available outside a space: use ${Object.keys(COMMON_RUNTIME_REGIONS).join(" or ")}, or create the app in a space.`,
      );
    }
    return {
      team,
      space: null,
      region,
      stack: this.cedarStack(body.stack),
      generation: "cedar",
    };
  }

  private async inSpace(
    actor: RequestActor,
    body: CreateTeamAppDto,
    spaceName: string,
  ): Promise<AppPlacement> {
    const queries = this.readModels.queries;
    const space = await queries.spaceByNameOrId(spaceName);
    if (!space) throw notFound("space");
    const teamRole = await queries.teamRole(space.teamId, actor.accountId);
    requireMayCreateAppInSpace({
      spaceName: space.name,
      teamName: space.teamName,
      teamRole,
      spacePermissions: await queries.spacePermissionsOf(
        space.id,
        actor.accountId,
      ),
    });
    if (
      body.team &&
      body.team !== space.teamName &&
      body.team !== space.teamId
    ) {
      throw invalid(
        `Space ${space.name} belongs to the team ${space.teamName}, not ${body.team}.`,
      );
    }
    if (body.region && body.region !== space.region) {
      throw invalid(
        `Apps in space ${space.name} run in its region ${space.region}, not ${body.region}.`,
      );
    }
    const team = (await queries.teamByNameOrId(space.teamId))!;
    if (space.generation === "fir") {
      if (body.stack && body.stack !== "cnb") {
        throw invalid(
          `Apps in the fir space ${space.name} use the cnb stack, not ${body.stack}.`,
        );
      }
      return {
        team,
        space,
        region: space.region,
        stack: "cnb",
        generation: "fir",
      };
    }
    return {
      team,
      space,
      region: space.region,
      stack: this.cedarStack(body.stack),
      generation: "cedar",
    };
  }

  private cedarStack(stack: string | undefined): string {
    const chosen = stack ?? "heroku-24";
    if (!CEDAR_STACKS.includes(chosen)) {
      throw invalid(
        `Stack ${JSON.stringify(chosen)} is not available: use ${CEDAR_STACKS.join(" or ")}.`,
      );
    }
    return chosen;
  }
}
