import type { RequestActor } from "../../http/request-actor.js";

/** Switches automated certificate management on or off (`certs:auto:enable`, `certs:auto:disable`). */
export class SetAcmCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly enabled: boolean,
  ) {}
}
