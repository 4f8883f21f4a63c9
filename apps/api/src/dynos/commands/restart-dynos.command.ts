import type { RequestActor } from "../../http/request-actor.js";

/** Restarts one dyno (`name`), every dyno of a process type (`type`), or all dynos of the app. */
export class RestartDynosCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly target: { type?: string; name?: string },
  ) {}
}
