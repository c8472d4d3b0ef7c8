/**
 * A list of texts as a PostgreSQL array literal, `{"a","b \"c\""}`: how a text[] column travels in a
 * multi-row write (`INSERT … SELECT FROM unnest($1::text[], …)`), one literal per row, cast back
 * with `::text[]` — unnest cannot take an array of arrays of different lengths.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`).join(',')}}`;
}
