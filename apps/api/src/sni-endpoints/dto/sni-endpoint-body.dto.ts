import { IsString } from "class-validator";

/**
 * Body of `POST /apps/{app}/sni-endpoints` and of its PATCH. Sizes and
 * contents are checked by the certificate inspector, whose messages are
 * more specific than a length rule's.
 */
export class SniEndpointBodyDto {
  /** PEM of the leaf certificate followed by its intermediates. */
  @IsString()
  certificate_chain!: string;

  /** PEM of the leaf's unencrypted private key. */
  @IsString()
  private_key!: string;
}
