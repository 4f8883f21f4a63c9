import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
} from "class-validator";

/** Body of `POST /teams/apps/{app}/collaborators` (and of `POST /apps/{app}/collaborators`, without permissions). */
export class AddCollaboratorDto {
  /** Email or id of the account. */
  @IsString()
  @MaxLength(254)
  user!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  permissions?: string[];

  /** Accepted for compatibility; no notification is ever sent. */
  @IsOptional()
  @IsBoolean()
  silent?: boolean;
}
