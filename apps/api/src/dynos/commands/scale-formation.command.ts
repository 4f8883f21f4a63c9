import type { RequestedUpdate } from "../../../../../libs/domain/src/index.js";
import type { RequestActor } from "../../http/request-actor.js";

export class ScaleFormationCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly updates: RequestedUpdate[],
  ) {}
}
