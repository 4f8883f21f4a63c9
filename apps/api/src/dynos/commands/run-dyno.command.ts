import type { RequestActor } from "../../http/request-actor.js";
import type { CreateDynoDto } from "../dto/create-dyno.dto.js";

/** Starts a one-off dyno (`heroku run`, `run:detached`). */
export class RunDynoCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly body: CreateDynoDto,
  ) {}
}
