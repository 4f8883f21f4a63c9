import type { RequestActor } from "../../http/request-actor.js";

/** Starts new issuance rounds for the app's certificates that failed (`certs:auto:refresh`). */
export class RefreshAcmCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
  ) {}
}
