import {
  type AddSniEndpoint,
  type CertificateSummary,
  decideAddSniEndpoint,
  decideRemoveSniEndpoint,
  decideUpdateSniEndpoint,
  type EncryptedSecret,
  evolveSniEndpoint,
  initialSniEndpoint,
  SNI_ENDPOINT_NAME_WORDS,
  type SniEndpointEvent,
  sniEndpointName,
  sniEndpointStream,
  type UpdateSniEndpoint,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const ENDPOINT_ID = "endpoint-1";
const APP_ID = "app-1";
const CHAIN = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const NEW_CHAIN =
  "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";

const sealedKey: EncryptedSecret = {
  algorithm: "aes-256-gcm",
  keyId: "0123456789abcdef",
  iv: "aXY=",
  tag: "dGFn",
  ciphertext: "Y2lwaGVy",
};

const summary: CertificateSummary = {
  certDomains: ["www.example.com"],
  startsAt: "2024-01-01T00:00:00Z",
  expiresAt: "2025-01-01T00:00:00Z",
  issuer: "/CN=www.example.com",
  subject: "/CN=www.example.com",
  caSigned: false,
  selfSigned: true,
  serialNumber: "1000",
  fingerprint256: "AA:BB",
};

const add: AddSniEndpoint = {
  sniEndpointId: ENDPOINT_ID,
  appId: APP_ID,
  name: "tokyo-12345",
  certificateChain: CHAIN,
  privateKey: sealedKey,
  certificate: summary,
  at: AT,
};

const added: SniEndpointEvent = { type: "SniEndpointAdded", data: add };

const update: UpdateSniEndpoint = {
  appId: APP_ID,
  certificateChain: NEW_CHAIN,
  privateKey: { ...sealedKey, iv: "bmV3" },
  certificate: { ...summary, serialNumber: "1001", fingerprint256: "CC:DD" },
  at: LATER,
};

const removed: SniEndpointEvent = {
  type: "SniEndpointRemoved",
  data: {
    sniEndpointId: ENDPOINT_ID,
    appId: APP_ID,
    name: "tokyo-12345",
    reason: "removed",
    at: LATER,
  },
};

const endpoint = (...events: SniEndpointEvent[]) =>
  given(evolveSniEndpoint, initialSniEndpoint, events);

test("stream name carries the endpoint id", () => {
  expect(sniEndpointStream(ENDPOINT_ID)).toBe("sni-endpoint-endpoint-1");
});

describe("when no endpoint exists", () => {
  test("add records the endpoint", () => {
    endpoint()
      .when(decideAddSniEndpoint, add)
      .then([{ type: "SniEndpointAdded", data: add }]);
  });

  test("add rejects an invalid name", () => {
    endpoint()
      .when(decideAddSniEndpoint, { ...add, name: "Tokyo 1" })
      .thenFails("invalid_params", /^SNI endpoint name "Tokyo 1" is invalid/);
  });

  test("update is not found", () => {
    endpoint()
      .when(decideUpdateSniEndpoint, update)
      .thenFails("not_found", "Couldn't find that SNI endpoint.");
  });

  test("remove is not found", () => {
    endpoint()
      .when(decideRemoveSniEndpoint, {
        appId: APP_ID,
        reason: "removed",
        at: LATER,
      })
      .thenFails("not_found");
  });
});

describe("when the endpoint exists", () => {
  test("add again conflicts", () => {
    endpoint(added)
      .when(decideAddSniEndpoint, add)
      .thenFails("conflict", "SNI endpoint endpoint-1 already exists.");
  });

  test("update replaces the certificate", () => {
    endpoint(added)
      .when(decideUpdateSniEndpoint, update)
      .then([
        {
          type: "SniEndpointUpdated",
          data: { sniEndpointId: ENDPOINT_ID, ...update },
        },
      ]);
  });

  test("update with the same chain changes nothing", () => {
    endpoint(added)
      .when(decideUpdateSniEndpoint, { ...update, certificateChain: CHAIN })
      .thenNothing();
  });

  test("update through another app is not found", () => {
    endpoint(added)
      .when(decideUpdateSniEndpoint, { ...update, appId: "app-2" })
      .thenFails("not_found");
  });

  test("remove records the name and reason", () => {
    endpoint(added)
      .when(decideRemoveSniEndpoint, {
        appId: APP_ID,
        reason: "app-destroyed",
        at: LATER,
      })
      .then([
        {
          type: "SniEndpointRemoved",
          data: {
            sniEndpointId: ENDPOINT_ID,
            appId: APP_ID,
            name: "tokyo-12345",
            reason: "app-destroyed",
            at: LATER,
          },
        },
      ]);
  });

  test("state follows updates", () => {
    const updated: SniEndpointEvent = {
      type: "SniEndpointUpdated",
      data: { sniEndpointId: ENDPOINT_ID, ...update },
    };
    expect(endpoint(added, updated).state.certificateChain).toBe(NEW_CHAIN);
  });
});

describe("when the endpoint was removed", () => {
  test("remove again changes nothing", () => {
    endpoint(added, removed)
      .when(decideRemoveSniEndpoint, {
        appId: APP_ID,
        reason: "app-destroyed",
        at: LATER,
      })
      .thenNothing();
  });

  test("update is not found", () => {
    endpoint(added, removed)
      .when(decideUpdateSniEndpoint, update)
      .thenFails("not_found");
  });

  test("add with its id conflicts", () => {
    endpoint(added, removed)
      .when(decideAddSniEndpoint, add)
      .thenFails("conflict");
  });
});

describe("sniEndpointName", () => {
  test("is a word and five digits", () => {
    for (const seed of [0, 1, 12345, 2 ** 31, -7]) {
      const name = sniEndpointName(seed, 0);
      expect(name).toMatch(/^[a-z]+-\d{5}$/);
      const word = name.split("-")[0] as string;
      expect(SNI_ENDPOINT_NAME_WORDS).toContain(word);
    }
  });

  test("is stable for a seed", () => {
    expect(sniEndpointName(424242, 3)).toBe(sniEndpointName(424242, 3));
  });

  test("differs between attempts", () => {
    const names = new Set(
      Array.from({ length: 100 }, (_, attempt) => sniEndpointName(99, attempt)),
    );
    expect(names.size).toBe(100);
  });
});
