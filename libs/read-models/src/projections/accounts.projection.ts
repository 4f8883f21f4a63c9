import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/** Accounts and their API tokens, looked up by token hash on every request. */
export class AccountsProjection implements Projection {
  readonly name = "accounts";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "AccountCreated":
        await trx
          .insertInto("accounts")
          .values({
            id: event.data.accountId,
            email: event.data.email,
            created_at: event.data.at,
          })
          .execute();
        return;
      case "ApiTokenIssued":
        await trx
          .insertInto("api_tokens")
          .values({
            id: event.data.tokenId,
            account_id: event.data.accountId,
            token_hash: event.data.tokenHash,
            description: event.data.description,
            created_at: event.data.at,
            revoked_at: null,
          })
          .execute();
        return;
      case "ApiTokenRevoked":
        await trx
          .updateTable("api_tokens")
          .set({ revoked_at: event.data.at })
          .where("id", "=", event.data.tokenId)
          .execute();
        return;
      default:
        return;
    }
  }
}
