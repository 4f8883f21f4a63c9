import type { RequestActor } from "../../http/request-actor.js";

/** Stops one dyno (`name`) or every dyno of a process type (`type`). */
export class StopDynosCommand {
  constructor(
    readonly actor: RequestActor,
    readonly app: string,
    readonly target: { type: string } | { name: string },
  ) {}
}
