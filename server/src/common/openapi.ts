import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** OpenAPI schema for a shared zod schema, so the docs cannot drift from validation. */
export function jsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest as SchemaObject;
}
