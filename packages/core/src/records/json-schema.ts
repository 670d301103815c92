/**
 * The JSON Schema of a data set, for host developers who produce the records in another language
 * or validate them before they reach the page. Generated from the zod schemas (their input side,
 * so optional fields and defaults read as a producer sees them).
 */
import {z} from 'zod';
import {dataSetSchema} from './schemas.js';

export function dataSetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(dataSetSchema, {io: 'input', unrepresentable: 'any'}) as Record<
    string,
    unknown
  >;
}
