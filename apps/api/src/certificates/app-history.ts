import type { AppCreated } from "../../../../libs/domain/src/index.js";
import type { RecordedEvent } from "../../../../libs/event-store/src/index.js";

/**
 * Facts about an app as they stood just before a global log position, read
 * from the app's stream. The saga decides from these instead of from the
 * read models, because a saga replaying an old event after a rebuild would
 * otherwise see the read models' current state.
 */
export class AppHistory {
  constructor(private readonly events: readonly RecordedEvent[]) {}

  get created(): AppCreated["data"] | null {
    const created = this.events.find((event) => event.type === "AppCreated");
    return created ? (created.data as AppCreated["data"]) : null;
  }

  /** The last AppCreated or AppRenamed before `position`: the event that gave the app its name then. */
  namingEventBefore(
    position: number,
  ): { eventId: string; name: string } | null {
    const naming = this.before(position).findLast(
      (event) => event.type === "AppCreated" || event.type === "AppRenamed",
    );
    return naming
      ? { eventId: naming.id, name: String(naming.data.name) }
      : null;
  }

  /**
   * Id of the AcmEnabled event in force just before `position`, or null
   * when ACM was off then. Certificates of custom domains belong to it.
   */
  acmEpochBefore(position: number): string | null {
    const switched = this.before(position).findLast(
      (event) => event.type === "AcmEnabled" || event.type === "AcmDisabled",
    );
    return switched?.type === "AcmEnabled" ? switched.id : null;
  }

  destroyedBefore(position: number): boolean {
    return this.before(position).some((event) => event.type === "AppDestroyed");
  }

  private before(position: number): RecordedEvent[] {
    return this.events.filter((event) => event.position < position);
  }
}
