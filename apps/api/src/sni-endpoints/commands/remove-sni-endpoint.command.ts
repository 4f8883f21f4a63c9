import type { RequestActor } from "../../http/request-actor.js";

/** Removes an SNI endpoint and detaches its domains (`certs:remove`). */
export class RemoveSniEndpointCommand {
  constructor(
    readonly actor: RequestActor,
    /** Name or id of the app. */
    readonly app: string,
    /** Name or id of the endpoint. */
    readonly endpoint: string,
  ) {}
}
