/**
 * Key authorizations of pending http-01 challenges, by token, which the
 * product serves at `/.well-known/acme-challenge/<token>`. In-process only:
 * a resumed attempt registers its tokens again when it rereads the order's
 * authorizations.
 */
export class ChallengeResponses {
  private readonly byToken = new Map<string, string>();

  register(token: string, keyAuthorization: string): void {
    this.byToken.set(token, keyAuthorization);
  }

  remove(token: string): void {
    this.byToken.delete(token);
  }

  keyAuthorizationOf(token: string): string | undefined {
    return this.byToken.get(token);
  }
}
