import { createHash, randomBytes } from "node:crypto";
import { Injectable, Logger } from "@nestjs/common";
import {
  accountStream,
  decideCreateAccount,
  decideIssueToken,
  decideRevokeToken,
  evolveAccount,
  initialAccount,
  normalizeEmail,
  type AccountEvent,
  type AccountState,
} from "../../../../libs/domain/src/index.js";
import {
  systemContext,
  uuidFrom,
} from "../../../api/src/infrastructure/command-context.js";
import { Clock } from "../../../api/src/infrastructure/clock.js";
import {
  EventSourcedRepository,
  type StreamModel,
} from "../../../api/src/infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../../api/src/infrastructure/name-reservations.js";
import { ReadModelsService } from "../../../api/src/infrastructure/read-models.service.js";
import { OPERATOR, UsageError, type CommandOutput } from "../operator.js";

const accountModel: StreamModel<AccountState, AccountEvent> = {
  initial: initialAccount,
  evolve: evolveAccount,
};

/** Operator commands for accounts and their API tokens. */
@Injectable()
export class AccountCommands {
  private readonly logger = new Logger(AccountCommands.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {}

  /** Creates an account and its first API token; the token is the last line. */
  async createAccount(rawEmail: string): Promise<CommandOutput> {
    const email = normalizeEmail(rawEmail);
    if (await this.readModels.queries.accountByEmail(email)) {
      throw new UsageError(
        `An account for ${email} already exists: use tokens:create ${email} for another token.`,
      );
    }
    const context = systemContext(OPERATOR, "CreateAccount");
    const accountId = uuidFrom("account", context.commandId);
    const at = this.clock.nowIso();
    await this.reservations.reserve(
      "account-email",
      email,
      accountId,
      context,
      at,
      `An account for ${email} already exists.`,
      async (holder) =>
        (await this.repository.load(accountStream(holder), accountModel)).state
          .accountId === null,
    );
    const { position } = await this.repository.execute(
      accountStream(accountId),
      accountModel,
      context,
      (state) => decideCreateAccount(state, { accountId, email, at }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(`Account ${accountId} created`);
    const token = await this.issueToken(accountId, "created with the account");
    return [
      `Created account ${email} (${accountId}).`,
      "API token (shown once; store it now):",
      token.secret,
    ];
  }

  async createToken(
    rawEmail: string,
    description: string,
  ): Promise<CommandOutput> {
    const account = await this.requireAccount(rawEmail);
    const token = await this.issueToken(account.id, description);
    return [
      `Created token ${token.id} for ${account.email}.`,
      "API token (shown once; store it now):",
      token.secret,
    ];
  }

  async listTokens(rawEmail: string): Promise<CommandOutput> {
    const account = await this.requireAccount(rawEmail);
    const tokens = await this.readModels.queries.tokensOf(account.id);
    if (tokens.length === 0) return [`${account.email} has no tokens.`];
    return tokens.map(
      (token) =>
        `${token.id}  ${token.revokedAt ? `revoked ${token.revokedAt}` : "active"}  created ${token.createdAt}  ${token.description}`,
    );
  }

  async revokeToken(tokenId: string): Promise<CommandOutput> {
    const token = await this.readModels.queries.tokenById(tokenId);
    if (!token)
      throw new UsageError(
        `No token has the id ${tokenId}: list them with tokens:list EMAIL.`,
      );
    const context = systemContext(OPERATOR, "RevokeToken");
    const { position } = await this.repository.execute(
      accountStream(token.accountId),
      accountModel,
      context,
      (state) => decideRevokeToken(state, { tokenId, at: this.clock.nowIso() }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(`Token ${tokenId} of account ${token.accountId} revoked`);
    return [`Revoked token ${tokenId} of ${token.email}.`];
  }

  async listAccounts(): Promise<CommandOutput> {
    const accounts = await this.readModels.queries.accounts();
    if (accounts.length === 0) return ["No accounts yet."];
    return accounts.map(
      (account) =>
        `${account.id}  ${account.email}  created ${account.createdAt}`,
    );
  }

  private async requireAccount(rawEmail: string) {
    const email = normalizeEmail(rawEmail);
    const account = await this.readModels.queries.accountByEmail(email);
    if (!account)
      throw new UsageError(
        `No account exists for ${email}: create it with accounts:create ${email}.`,
      );
    return account;
  }

  private async issueToken(
    accountId: string,
    description: string,
  ): Promise<{ id: string; secret: string }> {
    const secret = `scp_${randomBytes(32).toString("base64url")}`;
    const tokenHash = createHash("sha256").update(secret).digest("hex");
    const context = systemContext(OPERATOR, "IssueToken");
    const tokenId = uuidFrom("token", context.commandId);
    const { position } = await this.repository.execute(
      accountStream(accountId),
      accountModel,
      context,
      (state) =>
        decideIssueToken(state, {
          tokenId,
          tokenHash,
          description,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(`Token ${tokenId} issued for account ${accountId}`);
    return { id: tokenId, secret };
  }
}
