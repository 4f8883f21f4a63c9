export * from "./secret-box.js";
export * from "./secret-box-key.js";
