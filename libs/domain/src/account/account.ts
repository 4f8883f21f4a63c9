import { conflict, notFound } from "../shared/domain-error.js";
import type { DomainEvent } from "../shared/domain-event.js";

export type AccountCreated = DomainEvent<
  "AccountCreated",
  { accountId: string; email: string; at: string }
>;
export type ApiTokenIssued = DomainEvent<
  "ApiTokenIssued",
  {
    accountId: string;
    tokenId: string;
    /** SHA-256 of the token, hex; the token itself is never stored. */
    tokenHash: string;
    description: string;
    at: string;
  }
>;
export type ApiTokenRevoked = DomainEvent<
  "ApiTokenRevoked",
  { accountId: string; tokenId: string; at: string }
>;
export type AccountEvent = AccountCreated | ApiTokenIssued | ApiTokenRevoked;

export interface AccountState {
  accountId: string | null;
  email: string | null;
  /** Token ids that are issued and not revoked. */
  activeTokens: ReadonlySet<string>;
}

export const initialAccount: AccountState = {
  accountId: null,
  email: null,
  activeTokens: new Set(),
};

export const accountStream = (accountId: string): string =>
  `account-${accountId}`;

export function evolveAccount(
  state: AccountState,
  event: AccountEvent,
): AccountState {
  switch (event.type) {
    case "AccountCreated":
      return {
        ...state,
        accountId: event.data.accountId,
        email: event.data.email,
      };
    case "ApiTokenIssued":
      return {
        ...state,
        activeTokens: new Set([...state.activeTokens, event.data.tokenId]),
      };
    case "ApiTokenRevoked": {
      const activeTokens = new Set(state.activeTokens);
      activeTokens.delete(event.data.tokenId);
      return { ...state, activeTokens };
    }
  }
}

export function decideCreateAccount(
  state: AccountState,
  command: { accountId: string; email: string; at: string },
): AccountEvent[] {
  if (state.accountId !== null) {
    throw conflict(`Account ${command.accountId} already exists.`);
  }
  return [{ type: "AccountCreated", data: command }];
}

export function decideIssueToken(
  state: AccountState,
  command: {
    tokenId: string;
    tokenHash: string;
    description: string;
    at: string;
  },
): AccountEvent[] {
  if (state.accountId === null) throw notFound("account");
  return [
    {
      type: "ApiTokenIssued",
      data: { accountId: state.accountId, ...command },
    },
  ];
}

export function decideRevokeToken(
  state: AccountState,
  command: { tokenId: string; at: string },
): AccountEvent[] {
  if (state.accountId === null) throw notFound("account");
  if (!state.activeTokens.has(command.tokenId)) {
    throw notFound(
      "token",
      `Token ${command.tokenId} is not active on this account.`,
    );
  }
  return [
    {
      type: "ApiTokenRevoked",
      data: { accountId: state.accountId, ...command },
    },
  ];
}
