import type { RequestActor } from "../../http/request-actor.js";
import type { CreateTeamAppDto } from "../dto/create-team-app.dto.js";

export class CreateAppCommand {
  constructor(
    readonly actor: RequestActor,
    readonly body: CreateTeamAppDto,
  ) {}
}
