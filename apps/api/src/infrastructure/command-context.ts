import { createHash, randomUUID } from "node:crypto";

/** Actor and request behind a command, recorded in every event it produces. */
export interface CommandContext {
  actorId: string;
  actorEmail: string;
  requestId: string;
  /** Same for a retried request, so the retry is recognised (see {@link deriveCommandId}). */
  commandId: string;
  causationId: string;
  correlationId: string;
}

/**
 * Derives a UUID from stable inputs. Event ids derive from command ids this
 * way, so re-appending a retried command stores nothing twice.
 */
export function uuidFrom(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The Heroku CLI resends the same Request-Id when it retries after a
 * connection failure, so the same actor sending the same kind of command
 * with the same request id is treated as a retry of one command.
 */
export function deriveCommandId(
  actorId: string,
  commandName: string,
  requestId: string,
): string {
  return uuidFrom("command", actorId, commandName, requestId);
}

/** Builds a context for commands that no HTTP request carries (operator CLI, sagas). */
export function systemContext(
  actor: { id: string; email: string },
  commandName: string,
): CommandContext {
  const requestId = randomUUID();
  return {
    actorId: actor.id,
    actorEmail: actor.email,
    requestId,
    commandId: deriveCommandId(actor.id, commandName, requestId),
    causationId: requestId,
    correlationId: requestId,
  };
}

/** Builds a context for a follow-up step of the same command, such as undoing a reservation. */
export function stepContext(
  context: CommandContext,
  step: string,
): CommandContext {
  return { ...context, commandId: uuidFrom("step", context.commandId, step) };
}
