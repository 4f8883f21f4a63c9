import type { RequestActor } from "../../http/request-actor.js";

/** Removes a collaborator from an app (`access:remove`, `apps:leave`). */
export class RevokePermissionCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    /** Email or id of the collaborator. */
    readonly user: string,
  ) {}
}
