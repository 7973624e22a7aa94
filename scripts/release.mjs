// What .github/workflows/release.yml asks before it tags a release, and the notes it publishes.
//
//   node scripts/release.mjs check X.Y.Z   # refuse (exit 1, saying why) unless X.Y.Z can be released
//   node scripts/release.mjs notes X.Y.Z   # print CHANGELOG.md's section for X.Y.Z (the release notes)
//
// X.Y.Z can be released when package.json and src/version.ts (recorded in every run record) say
// it, CHANGELOG.md's newest section is a dated, non-empty `## [X.Y.Z] - YYYY-MM-DD` with nothing
// left under Unreleased, and no tag vX.Y.Z or later exists. Plain JavaScript, no dependency.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** -1, 0 or 1 as version a is lower than, equal to or higher than b (both X.Y.Z). */
export function compareVersions(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/**
 * The body of CHANGELOG.md's section for `version` (`## [X.Y.Z] - YYYY-MM-DD`), trimmed, without
 * its heading and the link definitions at the end of the file; undefined when there is none.
 */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](\\s|$)`, 'i');
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line) || /^\[[^\]]+\]: /.test(line));
  return { heading: lines[start], body: (end < 0 ? rest : rest.slice(0, end)).join('\n').trim() };
}

/** Why `version` cannot be released (empty when it can). */
export function releaseProblems({ version, packageVersion, toolVersion, changelog, tags }) {
  if (!SEMVER.test(version)) return [`version ${JSON.stringify(version)} is not X.Y.Z (for example 1.2.0; no leading v)`];
  const problems = [];
  if (packageVersion !== version) problems.push(`package.json says version ${packageVersion}: set it to ${version} (npm version ${version} --no-git-tag-version)`);
  if (toolVersion !== version) problems.push(`src/version.ts says VERSION = '${toolVersion}': set it to '${version}' (run records carry it)`);
  const section = changelogSection(changelog, version);
  if (!section) {
    problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section: move the Unreleased entries under one`);
  } else {
    if (!/^## \[[^\]]+\] - \d{4}-\d{2}-\d{2}$/.test(section.heading)) problems.push(`CHANGELOG.md: "${section.heading}" needs its date: "## [${version}] - YYYY-MM-DD"`);
    if (!/^- /m.test(section.body)) problems.push(`CHANGELOG.md: the ${version} section lists no change`);
    const newest = /^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1];
    if (newest !== version) problems.push(`CHANGELOG.md: the newest section is ${newest}, not ${version}: a release describes what is on the branch now`);
    if (/^- /m.test(changelogSection(changelog, 'Unreleased')?.body ?? '')) {
      problems.push(`CHANGELOG.md: Unreleased still lists changes: move them under ## [${version}] (and leave "## [Unreleased]" empty)`);
    }
  }
  const released = tags.filter((tag) => /^v\d+\.\d+\.\d+$/.test(tag)).map((tag) => tag.slice(1));
  if (released.includes(version)) problems.push(`tag v${version} exists already: a released version is never moved; release ${version.replace(/\d+$/, (n) => String(Number(n) + 1))} instead`);
  else {
    const newest = released.sort(compareVersions).at(-1);
    if (newest && compareVersions(version, newest) < 0) problems.push(`v${newest} is released already: ${version} would go backwards`);
  }
  return problems;
}

function readInputs() {
  const packageVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const toolVersion = /export const VERSION = '([^']*)'/.exec(readFileSync(join(root, 'src', 'version.ts'), 'utf8'))?.[1];
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const tags = execFileSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  return { packageVersion, toolVersion, changelog, tags };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, version] = process.argv.slice(2);
  if ((command !== 'check' && command !== 'notes') || !version) {
    console.error('usage: node scripts/release.mjs check|notes X.Y.Z');
    process.exit(2);
  }
  const inputs = readInputs();
  if (command === 'check') {
    const problems = releaseProblems({ version, ...inputs });
    for (const problem of problems) console.error(`release ${version}: ${problem}`);
    if (problems.length > 0) process.exit(1);
    console.log(`release ${version}: package.json, src/version.ts and CHANGELOG.md agree; no tag v${version} yet`);
  } else {
    const section = changelogSection(inputs.changelog, version);
    if (!section?.body) {
      console.error(`CHANGELOG.md has no section for ${version}`);
      process.exit(1);
    }
    console.log(section.body);
  }
}
