import type { RequestActor } from "../../http/request-actor.js";

/** Removes a member, ending their space access and app permissions on the team in the same event. */
export class RemoveTeamMemberCommand {
  constructor(
    readonly actor: RequestActor,
    readonly team: string,
    /** Email or id of the member. */
    readonly member: string,
  ) {}
}
