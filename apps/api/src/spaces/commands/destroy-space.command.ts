import type { RequestActor } from "../../http/request-actor.js";

export class DestroySpaceCommand {
  constructor(
    readonly actor: RequestActor,
    /** Name or id of the space. */
    readonly space: string,
  ) {}
}
