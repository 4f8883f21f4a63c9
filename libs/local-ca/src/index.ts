export {
  CA_CERTIFICATE_FILE,
  CA_PRIVATE_KEY_FILE,
  LOCAL_CA_COMMON_NAME,
  LocalCertificateAuthority,
} from "./local-ca.js";
export type {
  IssuedCertificate,
  LocalCaLogger,
  LocalCertificateAuthorityOptions,
} from "./local-ca.js";
