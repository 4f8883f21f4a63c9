import {
  decideCreateAccount,
  decideIssueToken,
  decideRevokeToken,
  evolveAccount,
  initialAccount,
  type AccountEvent,
  type ApiTokenIssued,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const ACCOUNT_ID = "acc-1";
const EMAIL = "alice@example.com";

const created: AccountEvent = {
  type: "AccountCreated",
  data: { accountId: ACCOUNT_ID, email: EMAIL, at: AT },
};
const tokenIssued: ApiTokenIssued = {
  type: "ApiTokenIssued",
  data: {
    accountId: ACCOUNT_ID,
    tokenId: "tok-1",
    tokenHash: "a".repeat(64),
    description: "laptop",
    at: AT,
  },
};
const tokenRevoked: AccountEvent = {
  type: "ApiTokenRevoked",
  data: { accountId: ACCOUNT_ID, tokenId: "tok-1", at: LATER },
};

const account = (...events: AccountEvent[]) =>
  given(evolveAccount, initialAccount, events);

describe("when no account exists", () => {
  test("create records the account", () => {
    account()
      .when(decideCreateAccount, {
        accountId: ACCOUNT_ID,
        email: EMAIL,
        at: AT,
      })
      .then([created]);
  });

  test("issue token is not found", () => {
    account()
      .when(decideIssueToken, {
        tokenId: "tok-1",
        tokenHash: "h",
        description: "d",
        at: AT,
      })
      .thenFails("not_found", /account/);
  });

  test("revoke token is not found", () => {
    account()
      .when(decideRevokeToken, { tokenId: "tok-1", at: AT })
      .thenFails("not_found", /account/);
  });
});

describe("when the account exists", () => {
  test("create again is a conflict", () => {
    account(created)
      .when(decideCreateAccount, {
        accountId: ACCOUNT_ID,
        email: EMAIL,
        at: LATER,
      })
      .thenFails("conflict", /acc-1 already exists/);
  });

  test("issue token records the token", () => {
    account(created)
      .when(decideIssueToken, {
        tokenId: "tok-1",
        tokenHash: "a".repeat(64),
        description: "laptop",
        at: AT,
      })
      .then([tokenIssued]);
  });

  test("revoke unknown token is not found", () => {
    account(created)
      .when(decideRevokeToken, { tokenId: "tok-9", at: LATER })
      .thenFails("not_found", /tok-9 is not active/);
  });

  test("evolve stores id and email", () => {
    const { state } = account(created);
    expect(state.accountId).toBe(ACCOUNT_ID);
    expect(state.email).toBe(EMAIL);
    expect([...state.activeTokens]).toEqual([]);
  });
});

describe("when a token is active", () => {
  test("revoke token records the revocation", () => {
    account(created, tokenIssued)
      .when(decideRevokeToken, { tokenId: "tok-1", at: LATER })
      .then([tokenRevoked]);
  });

  test("evolve lists the active token", () => {
    expect([...account(created, tokenIssued).state.activeTokens]).toEqual([
      "tok-1",
    ]);
  });
});

describe("when the token is revoked", () => {
  test("revoke again is not found", () => {
    account(created, tokenIssued, tokenRevoked)
      .when(decideRevokeToken, { tokenId: "tok-1", at: LATER })
      .thenFails("not_found", /tok-1 is not active/);
  });

  test("evolve drops the token", () => {
    expect([
      ...account(created, tokenIssued, tokenRevoked).state.activeTokens,
    ]).toEqual([]);
  });

  test("evolve leaves other tokens active", () => {
    const second: ApiTokenIssued = {
      ...tokenIssued,
      data: { ...tokenIssued.data, tokenId: "tok-2" },
    };
    const { state } = account(created, tokenIssued, second, tokenRevoked);
    expect([...state.activeTokens]).toEqual(["tok-2"]);
  });
});
