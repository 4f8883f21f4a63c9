import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loadSecretBox,
  SecretBox,
  SecretDecryptionError,
} from "../src/index.js";

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";

describe("SecretBox", () => {
  const box = new SecretBox(SecretBox.generateKey());

  it("returns the plaintext for the same context", () => {
    const sealed = box.encrypt(PEM, "sni-endpoint-1");
    expect(sealed.ciphertext).not.toContain("PRIVATE");
    expect(box.decrypt(sealed, "sni-endpoint-1")).toBe(PEM);
  });

  it("uses a new nonce for each encryption", () => {
    expect(box.encrypt(PEM, "a").iv).not.toBe(box.encrypt(PEM, "a").iv);
  });

  it("refuses another context, an altered ciphertext and another key", () => {
    const sealed = box.encrypt(PEM, "sni-endpoint-1");
    expect(() => box.decrypt(sealed, "sni-endpoint-2")).toThrow(
      SecretDecryptionError,
    );
    const altered = Buffer.from(sealed.ciphertext, "base64");
    altered[0] = (altered[0] ?? 0) ^ 1;
    expect(() =>
      box.decrypt(
        { ...sealed, ciphertext: altered.toString("base64") },
        "sni-endpoint-1",
      ),
    ).toThrow(SecretDecryptionError);
    const other = new SecretBox(SecretBox.generateKey());
    expect(() => other.decrypt(sealed, "sni-endpoint-1")).toThrow(
      /cannot be decrypted/,
    );
  });

  it("rejects a key of the wrong length", () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe("loadSecretBox", () => {
  it("creates a private key file once and reads it back", () => {
    const file = join(mkdtempSync(join(tmpdir(), "secret-box-")), "secret.key");
    const first = loadSecretBox(undefined, file);
    expect(first.source).toBe("generated");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSecretBox(undefined, file);
    expect(second.source).toBe("file");
    expect(second.box.keyId).toBe(first.box.keyId);
  });

  it("prefers the configured key and explains a malformed one", () => {
    const key = SecretBox.generateKey().toString("base64");
    const file = join(mkdtempSync(join(tmpdir(), "secret-box-")), "secret.key");
    expect(loadSecretBox(key, file).source).toBe("configuration");
    expect(() => loadSecretBox("c2hvcnQ=", file)).toThrow(
      /SECRET_KEY must hold a base64-encoded 32-byte key.*5 bytes/,
    );
    expect(() => readFileSync(file)).toThrow();
  });
});
