import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * OpenAPI 3.0 schema for a shared zod schema, so the docs cannot drift from
 * validation. The document declares OpenAPI 3.0 (what client generators
 * support best), so zod emits 3.0 Schema Objects (`nullable`, boolean
 * `exclusiveMinimum`), not JSON Schema 2020-12.
 * `io`: `input` for what a client sends, `output` for what the server answers.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest as SchemaObject;
}
