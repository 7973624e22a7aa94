/** Small helpers for the job summary's GitHub-flavoured Markdown. */

/** Text safe inside a table cell: pipes escaped, lines joined. */
export function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `12.3 s` or `4 min 5 s`. */
export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
