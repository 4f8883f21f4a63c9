import type { RecordedEvent } from "../../../../libs/event-store/src/index.js";
import { type CommandContext, deriveCommandId } from "./command-context.js";

export const SYSTEM_ACTOR = "system";

/**
 * The context of a saga step triggered by `event`. The command id derives
 * from the event id and the step, so replaying the event after a crash
 * finds the step's events already stored and appends nothing twice.
 */
export function sagaContext(
  event: RecordedEvent,
  step: string,
): CommandContext {
  return {
    actorId: SYSTEM_ACTOR,
    actorEmail: SYSTEM_ACTOR,
    requestId: event.metadata.requestId,
    commandId: deriveCommandId(SYSTEM_ACTOR, step, event.id),
    causationId: event.id,
    correlationId: event.metadata.correlationId,
  };
}

/**
 * Builds the context of a system step that no stored event triggers, such
 * as firing a timer. The command id derives from `cause` and the step, so a
 * repeat of the step appends nothing twice.
 */
export function systemStepContext(
  step: string,
  cause: string,
  requestPrefix: string,
): CommandContext {
  const requestId = `${requestPrefix}:${cause}`;
  return {
    actorId: SYSTEM_ACTOR,
    actorEmail: SYSTEM_ACTOR,
    requestId,
    commandId: deriveCommandId(SYSTEM_ACTOR, step, cause),
    causationId: cause,
    correlationId: requestId,
  };
}
