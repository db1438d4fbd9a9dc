import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { describeZodError, RestErrorCode, zodErrorDetails } from '@plantao/shared';
import { z } from 'zod';

/**
 * Contract v1: "a tenantId/userId sent by the client anywhere else is
 * ignored" (they come from the token). Request bodies are strict, so these
 * two are dropped before validation rather than refused, unless the schema
 * itself declares them; every other unknown key is a 400.
 */
const IGNORED_IDENTITY_KEYS = ['tenantId', 'userId'] as const;

function withoutIgnoredIdentity(schema: z.ZodType, value: unknown): unknown {
  if (!(schema instanceof z.ZodObject) || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const declared = schema.shape as Record<string, unknown>;
  const dropped = IGNORED_IDENTITY_KEYS.filter((key) => key in value && !(key in declared));
  if (dropped.length === 0) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of dropped) delete copy[key];
  return copy;
}

/**
 * Validates a REST body, query or path parameter with a shared schema: 400
 * `invalid_payload` naming each failing field (unknown keys included) in
 * `message` and `details`, and the handler only ever sees parsed, typed data.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(withoutIgnoredIdentity(this.schema, value));
    if (!result.success) {
      throw new BadRequestException({
        message: describeZodError(result.error),
        code: RestErrorCode.InvalidPayload,
        details: zodErrorDetails(result.error),
      });
    }
    return result.data;
  }
}
