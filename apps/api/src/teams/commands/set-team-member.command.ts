import type { RequestActor } from "../../http/request-actor.js";

/** Adds a member or changes a member's role (`members:add`, `members:set`). */
export class SetTeamMemberCommand {
  constructor(
    readonly actor: RequestActor,
    readonly team: string,
    readonly email: string,
    readonly role: string,
    /** `upsert` for PUT, `update` for PATCH. */
    readonly mode: "upsert" | "update",
  ) {}
}
