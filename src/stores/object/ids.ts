/** How a source is named in the catalogue, the watermark and logs (pure: no I/O). */

/** A source's id as it appears in the catalogue and the watermark: `s3://bucket/prefix`. */
export function sourceId(bucket: string, prefix: string): string {
  return `s3://${bucket}/${prefix}`;
}
