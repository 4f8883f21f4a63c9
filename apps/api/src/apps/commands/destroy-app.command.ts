import type { RequestActor } from "../../http/request-actor.js";

export class DestroyAppCommand {
  constructor(
    readonly actor: RequestActor,
    /** Name or id of the app. */
    readonly app: string,
  ) {}
}
