import type { RequestActor } from "../../http/request-actor.js";
import type { SniEndpointBodyDto } from "../dto/sni-endpoint-body.dto.js";

/** Uploads a certificate and its key to an app (`certs:add`). */
export class AddSniEndpointCommand {
  constructor(
    readonly actor: RequestActor,
    /** Name or id of the app. */
    readonly app: string,
    readonly body: SniEndpointBodyDto,
  ) {}
}
