import type { RequestActor } from "../../http/request-actor.js";

/** Removes a custom domain from an app (`domains:remove`). */
export class RemoveDomainCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    /** Hostname or id of the domain. */
    readonly domain: string,
  ) {}
}
