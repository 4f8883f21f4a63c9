import type { RequestActor } from "../../http/request-actor.js";

/** Adds a custom domain to an app (`domains:add`). */
export class AddDomainCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly hostname: string,
    /** Name or id of one of the app's SNI endpoints, or null. */
    readonly sniEndpoint: string | null | undefined,
  ) {}
}
