/** Field helpers shared by the record schemas. */
import type {z} from 'zod';

/** An optional field: absent, `undefined` or `null` all mean "not set". */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}
