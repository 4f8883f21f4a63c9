import type { RequestActor } from "../../http/request-actor.js";

export class RenameAppCommand {
  constructor(
    readonly actor: RequestActor,
    /** Current name or id of the app. */
    readonly app: string,
    readonly newName: string,
  ) {}
}
