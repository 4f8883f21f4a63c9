import type { RequestActor } from "../../http/request-actor.js";

/** Attaches a custom domain to an SNI endpoint, or detaches it with null. */
export class UpdateDomainCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    /** Hostname or id of the domain. */
    readonly domain: string,
    /** Name or id of one of the app's SNI endpoints, or null. */
    readonly sniEndpoint: string | null,
  ) {}
}
