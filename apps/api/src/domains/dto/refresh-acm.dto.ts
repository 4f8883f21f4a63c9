import { Equals } from "class-validator";

/** Body of `PATCH /apps/{app}/acm`: `certs:auto:refresh` sends `{"acm_refresh": true}`. */
export class RefreshAcmDto {
  @Equals(true, { message: 'send {"acm_refresh": true} to refresh ACM' })
  acm_refresh!: boolean;
}
