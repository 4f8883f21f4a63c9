/** Body of `POST /apps/{app}/acm`: the CLI sends `{}`, and no field is accepted. */
export class EnableAcmDto {}
