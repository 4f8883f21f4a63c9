import type { RequestActor } from "../../http/request-actor.js";
import type { CreateSpaceDto } from "../dto/create-space.dto.js";

export class CreateSpaceCommand {
  constructor(
    readonly actor: RequestActor,
    readonly body: CreateSpaceDto,
  ) {}
}
