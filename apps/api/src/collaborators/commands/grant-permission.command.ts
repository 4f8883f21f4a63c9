import type { RequestActor } from "../../http/request-actor.js";

/** Adds a collaborator (`access:add`) or replaces its permissions (`access:update`). */
export class GrantPermissionCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    /** Email or id of the grantee. */
    readonly user: string,
    readonly permissions: string[],
    readonly mode: "add" | "update",
  ) {}
}
