import type { RequestActor } from "../../http/request-actor.js";
import type { SniEndpointBodyDto } from "../dto/sni-endpoint-body.dto.js";

/** Replaces the certificate and key of an SNI endpoint (`certs:update`). */
export class UpdateSniEndpointCommand {
  constructor(
    readonly actor: RequestActor,
    /** Name or id of the app. */
    readonly app: string,
    /** Name or id of the endpoint. */
    readonly endpoint: string,
    readonly body: SniEndpointBodyDto,
  ) {}
}
