export * from "./dns-resolver.port.js";
export * from "./dns-servers.js";
export * from "./node-dns-resolver.js";
