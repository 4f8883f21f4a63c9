export * from "./certificate-error.js";
export * from "./certificate-chain.js";
export * from "./distinguished-name.js";
export * from "./inspect-certificate.js";
export * from "./limits.js";
export * from "./private-key.js";
export * from "./subject-alt-names.js";
export * from "./trust-store.js";
