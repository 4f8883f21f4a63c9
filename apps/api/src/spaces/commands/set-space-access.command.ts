import type { RequestActor } from "../../http/request-actor.js";

/** Grants or revokes space permissions (`create_apps`) of one team member. */
export class SetSpaceAccessCommand {
  constructor(
    readonly actor: RequestActor,
    readonly space: string,
    /** Email or id of the member. */
    readonly member: string,
    readonly permissions: string[],
  ) {}
}
