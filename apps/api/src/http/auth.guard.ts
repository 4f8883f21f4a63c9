import { createHash } from "node:crypto";
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { PlatformError } from "./platform-error.js";
import { IS_PUBLIC } from "./public.decorator.js";
import type { AuthenticatedRequest } from "./request-actor.js";

/**
 * Authenticates the bearer token. It first waits for the read models to
 * contain every event committed before the request arrived, so a revoked
 * token or permission is refused by the very next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly readModels: ReadModelsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw PlatformError.unauthorized();

    await this.readModels.catchUp();
    const hash = createHash("sha256").update(token).digest("hex");
    const row = await this.readModels.queries.tokenByHash(hash);
    if (!row || row.revokedAt !== null) throw PlatformError.unauthorized();

    request.actor = {
      accountId: row.accountId,
      email: row.email,
      requestId: String(request.id),
    };
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
