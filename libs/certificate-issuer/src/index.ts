export * from "./certificate-issuer.js";
export * from "./chain-summary.js";
export * from "./challenge-responses.js";
export * from "./csr.js";
export * from "./local-ca-issuer.js";
export * from "./acme-issuer.js";
