// Types of release.mjs (plain JavaScript: the release job runs it before installing anything).
export function compareVersions(a: string, b: string): -1 | 0 | 1;
export function changelogSection(changelog: string, version: string): { heading: string; body: string } | undefined;
export function releaseProblems(inputs: { version: string; packageVersion: string | undefined; toolVersion: string | undefined; changelog: string; tags: string[] }): string[];
