import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type KeyPair,
  OpensslFixtures,
  type ThreeLevelChain,
  threeLevelChain,
} from "../../libs/certificates/test/openssl-fixtures.js";
import type { RecordedEvent } from "../../libs/event-store/src/index.js";
import { expectOk } from "../api/api-helpers.js";
import {
  type ControlPlaneServer,
  openEventStore,
} from "../support/control-plane-server.js";

export const TEAM = "acme";
export const APP = "cert-app";
export const ADMIN = "admin@example.com";
/** A team member with view on the app but not manage. */
export const VIEWER = "viewer@example.com";
/** An account outside the team without any permission on the app. */
export const OUTSIDER = "outsider@example.com";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Certificates of the end-to-end tests, made with openssl once per suite. */
export class TestCertificates {
  private readonly fixtures = new OpensslFixtures();
  /** Root, intermediate and leaf for www.example.com and example.com. */
  readonly chain: ThreeLevelChain;
  /** A self-signed certificate for api.other.org. */
  readonly selfSigned: KeyPair;
  readonly expired: KeyPair;
  readonly notYetValid: KeyPair;
  /** The test root in a file of its own, for SNI_TRUSTED_CA_FILE. */
  readonly trustedRootFile: string;

  constructor() {
    this.chain = threeLevelChain(this.fixtures, {
      subject: "/C=US/O=Example/CN=www.example.com",
      dnsNames: ["www.example.com", "example.com"],
    });
    this.selfSigned = this.fixtures.keyPair("ec", {
      subject: "/CN=api.other.org",
      dnsNames: ["api.other.org"],
    });
    this.expired = this.fixtures.keyPair("ec", {
      subject: "/CN=old.example.com",
      notBefore: new Date("2023-01-01T00:00:00Z"),
      notAfter: new Date("2024-01-01T00:00:00Z"),
    });
    this.notYetValid = this.fixtures.keyPair("ec", {
      subject: "/CN=soon.example.com",
      notBefore: new Date("2099-01-01T00:00:00Z"),
      notAfter: new Date("2100-01-01T00:00:00Z"),
    });
    this.trustedRootFile = join(this.fixtures.dir, "trusted-root.pem");
    writeFileSync(this.trustedRootFile, this.chain.root.certificate);
  }

  /** Generates a key of `type` encrypted under a passphrase. */
  encryptedKey(type: "rsa" | "ec"): string {
    return this.fixtures.key(type, { passphrase: "secret" });
  }

  /** The leaf followed by its intermediate, as an upload sends it. */
  get chainPem(): string {
    return this.chain.leaf.certificate + this.chain.intermediate.certificate;
  }

  /** Makes another self-signed certificate valid from now for `days`. */
  selfSignedFor(commonName: string, days = 90): KeyPair {
    return this.fixtures.keyPair("rsa", {
      subject: `/CN=${commonName}`,
      dnsNames: [commonName],
      notAfter: new Date(Date.now() + days * DAY_MS),
    });
  }

  /** Writes PEM files into `dir` and returns their absolute paths. */
  writeFiles(dir: string, files: Record<string, string>): string[] {
    mkdirSync(dir, { recursive: true });
    return Object.entries(files).map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    });
  }

  cleanup(): void {
    this.fixtures.cleanup();
  }
}

/** Tokens of the accounts that {@link setUpTeamApp} creates. */
export interface Accounts {
  admin: string;
  viewer: string;
  outsider: string;
}

/**
 * Creates the team acme with its admin, the app cert-app outside any space,
 * a team member holding only view on it, and an outsider.
 */
export async function setUpTeamApp(
  server: ControlPlaneServer,
): Promise<Accounts> {
  const admin = await server.createAccount(ADMIN);
  const viewer = await server.createAccount(VIEWER);
  const outsider = await server.createAccount(OUTSIDER);
  await server.admin("teams:create", TEAM, "--admin", ADMIN);
  const setUp: Array<[string, string, object, number]> = [
    ["PUT", `/teams/${TEAM}/members`, { email: VIEWER, role: "member" }, 200],
    ["POST", "/teams/apps", { name: APP, team: TEAM }, 201],
    [
      "POST",
      `/teams/apps/${APP}/collaborators`,
      { user: VIEWER, permissions: ["view"] },
      201,
    ],
  ];
  for (const [method, path, body, status] of setUp) {
    await expectOk(await server.request(method, path, admin, body), status);
  }
  return { admin, viewer, outsider };
}

/** Returns the events of one type from the server's log (SQLite in WAL mode, or the KurrentDB test server). */
export async function eventsOfType(
  server: ControlPlaneServer,
  type: string,
): Promise<RecordedEvent[]> {
  const store = openEventStore(server.dataDir);
  try {
    return (await store.readAll()).filter((event) => event.type === type);
  } finally {
    await store.close();
  }
}
