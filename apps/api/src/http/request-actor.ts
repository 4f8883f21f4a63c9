import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import type { FastifyRequest } from "fastify";
import {
  type CommandContext,
  deriveCommandId,
} from "../infrastructure/command-context.js";

/** The authenticated caller of a request. */
export interface RequestActor {
  accountId: string;
  email: string;
  requestId: string;
}

export type AuthenticatedRequest = FastifyRequest & { actor?: RequestActor };

/** Injects the caller that the auth guard attached to the request. */
export const Actor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestActor => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.actor)
      throw new Error("Route reached without an authenticated actor.");
    return request.actor;
  },
);

export function commandContext(
  actor: RequestActor,
  commandName: string,
): CommandContext {
  return {
    actorId: actor.accountId,
    actorEmail: actor.email,
    requestId: actor.requestId,
    commandId: deriveCommandId(actor.accountId, commandName, actor.requestId),
    causationId: actor.requestId,
    correlationId: actor.requestId,
  };
}
