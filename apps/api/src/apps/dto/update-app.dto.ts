import { IsString, MaxLength } from "class-validator";

/** Body of `PATCH /apps/{app}`: renaming is the one supported change. */
export class UpdateAppDto {
  @IsString()
  @MaxLength(100)
  name!: string;
}
