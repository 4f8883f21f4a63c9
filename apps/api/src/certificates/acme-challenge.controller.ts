import { Controller, Get, Header, Inject, Param } from "@nestjs/common";
import type { ChallengeResponses } from "../../../../libs/certificate-issuer/src/index.js";
import { PlatformError } from "../http/platform-error.js";
import { Public } from "../http/public.decorator.js";
import { CHALLENGE_RESPONSES } from "./tokens.js";

/**
 * Serves http-01 challenge responses (RFC 8555 section 8.3) for orders this
 * process placed; in a real platform the router does this for every app.
 */
@Controller(".well-known/acme-challenge")
@Public()
export class AcmeChallengeController {
  constructor(
    @Inject(CHALLENGE_RESPONSES)
    private readonly challenges: ChallengeResponses,
  ) {}

  @Get(":token")
  @Header("content-type", "text/plain")
  respond(@Param("token") token: string): string {
    const keyAuthorization = this.challenges.keyAuthorizationOf(token);
    if (keyAuthorization === undefined)
      throw PlatformError.notFound("challenge");
    return keyAuthorization;
  }
}
