/**
 * Releases: CHANGELOG.md keeps the Keep a Changelog shape the release workflow reads its notes
 * from, and scripts/release.mjs refuses every version that cannot be released, saying why.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changelogSection, compareVersions, releaseProblems } from '../../scripts/release.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

/** A changelog ready to release 1.3.0. */
const ready = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '## [1.3.0] - 2027-02-01',
  '',
  '### Added',
  '',
  '- Filters.',
  '',
  '## [1.2.0] - 2027-01-01',
  '',
  '### Fixed',
  '',
  '- Something.',
  '',
  '[Unreleased]: https://example.invalid/compare/v1.3.0...main',
  '[1.3.0]: https://example.invalid/compare/v1.2.0...v1.3.0',
  '',
].join('\n');
const good = { version: '1.3.0', packageVersion: '1.3.0', toolVersion: '1.3.0', changelog: ready, tags: ['v1.2.0', 'v1'] };

describe('CHANGELOG.md', () => {
  it('keeps the Keep a Changelog shape: Unreleased first, dated versions newest first, known kinds, a link for each', () => {
    const lines = changelog.split('\n');
    assert.equal(lines[0], '# Changelog');
    const headings = lines.filter((l) => l.startsWith('## '));
    assert.equal(headings[0], '## [Unreleased]');
    const versions = headings.slice(1).map((h) => {
      const match = /^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(h);
      assert.ok(match, `a version heading is "## [X.Y.Z] - YYYY-MM-DD": ${h}`);
      assert.ok(!Number.isNaN(Date.parse(match[2]!)), `${h}: a real date`);
      return match[1]!;
    });
    assert.ok(versions.includes(String(pkg['version'])), `the section of package.json's version ${String(pkg['version'])}`);
    assert.deepEqual(versions, [...versions].sort(compareVersions).reverse(), 'newest first');
    for (const kind of lines.filter((l) => l.startsWith('### '))) assert.ok(KINDS.includes(kind.slice(4)), `${kind} is one of ${KINDS.join(', ')}`);
    for (const name of ['Unreleased', ...versions]) assert.match(changelog, new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\]: https://`, 'm'), `a link for ${name}`);
  });

  it('lists what changed since 0.1.0 under Unreleased, and the first version under 0.1.0', () => {
    const unreleased = changelogSection(changelog, 'Unreleased');
    assert.ok(unreleased && /^- /m.test(unreleased.body), 'Unreleased lists changes');
    assert.match(unreleased.body, /pullback\/backup/);
    assert.match(unreleased.body, /configure-aws-credentials@v6/);
    const first = changelogSection(changelog, '0.1.0');
    assert.ok(first && /^- /m.test(first.body));
    assert.ok(!first.body.includes(']: https://'), 'link definitions are not part of a section');
  });
});

describe('scripts/release.mjs', () => {
  it('releases a version that package.json, src/version.ts and the newest CHANGELOG section name', () => {
    assert.deepEqual(releaseProblems(good), []);
    assert.deepEqual(changelogSection(ready, '1.3.0'), { heading: '## [1.3.0] - 2027-02-01', body: '### Added\n\n- Filters.' });
    assert.deepEqual(releaseProblems({ ...good, version: '2.0.0', packageVersion: '2.0.0', toolVersion: '2.0.0', changelog: ready.replace('[1.3.0] - ', '[2.0.0] - ') }), []);
  });

  it('refuses, saying why and what to do', () => {
    const refuse = (overrides: Partial<typeof good>, pattern: RegExp) => {
      const problems = releaseProblems({ ...good, ...overrides });
      assert.ok(problems.some((p) => pattern.test(p)), `${JSON.stringify(overrides).slice(0, 80)}: ${problems.join(' | ')}`);
    };
    refuse({ version: 'v1.3.0' }, /is not X\.Y\.Z .*no leading v/);
    refuse({ version: '1.3' }, /is not X\.Y\.Z/);
    refuse({ version: '01.3.0' }, /is not X\.Y\.Z/);
    refuse({ packageVersion: '1.2.0' }, /package\.json says version 1\.2\.0: set it to 1\.3\.0/);
    refuse({ toolVersion: '1.2.0' }, /src\/version\.ts says VERSION = '1\.2\.0'/);
    refuse({ changelog: ready.replace('## [1.3.0] - 2027-02-01', '## [1.3.1] - 2027-02-01') }, /no "## \[1\.3\.0\] - YYYY-MM-DD" section/);
    refuse({ changelog: ready.replace('## [1.3.0] - 2027-02-01', '## [1.3.0]') }, /needs its date/);
    refuse({ changelog: ready.replace('- Filters.', 'Nothing yet.') }, /lists no change/);
    refuse({ changelog: ready.replace('## [Unreleased]\n', '## [Unreleased]\n\n- Still here.\n') }, /Unreleased still lists changes/);
    refuse({ version: '1.2.0', packageVersion: '1.2.0', toolVersion: '1.2.0' }, /tag v1\.2\.0 exists already: .* release 1\.2\.1 instead/);
    refuse({ version: '1.2.0', packageVersion: '1.2.0', toolVersion: '1.2.0' }, /the newest section is 1\.3\.0, not 1\.2\.0/);
    refuse({ tags: ['v1.10.0', 'v1.2.0'] }, /v1\.10\.0 is released already: 1\.3\.0 would go backwards/);
  });

  it('compares versions as numbers', () => {
    assert.equal(compareVersions('1.10.0', '1.9.9'), 1);
    assert.equal(compareVersions('0.1.0', '0.1.0'), 0);
    assert.equal(compareVersions('2.0.0', '10.0.0'), -1);
  });

  it('prints the notes of a version from CHANGELOG.md, and stops with usage on a bad call', () => {
    const script = join(root, 'scripts', 'release.mjs');
    const notes = spawnSync(process.execPath, [script, 'notes', '0.1.0'], { cwd: root, encoding: 'utf8' });
    assert.equal(notes.status, 0, notes.stderr);
    assert.equal(notes.stdout, `${changelogSection(changelog, '0.1.0')!.body}\n`);
    const missing = spawnSync(process.execPath, [script, 'notes', '9.9.9'], { cwd: root, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no section for 9\.9\.9/);
    const usage = spawnSync(process.execPath, [script, 'publish'], { cwd: root, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: node scripts\/release\.mjs check\|notes X\.Y\.Z/);
  });
});

describe('package.json', () => {
  it('names its author, repository, issues and home page (your-org marks what the integrator replaces)', () => {
    assert.match(String(pkg['author']), /\S{3,}/);
    assert.notEqual(pkg['author'], 'pullback');
    const repository = pkg['repository'] as { type: string; url: string };
    assert.equal(repository.type, 'git');
    assert.match(repository.url, /^git\+https:\/\/github\.com\/[\w-]+\/pullback\.git$/);
    assert.match((pkg['bugs'] as { url: string }).url, /^https:\/\/github\.com\/[\w-]+\/pullback\/issues$/);
    assert.match(String(pkg['homepage']), /^https:\/\/github\.com\/[\w-]+\/pullback#readme$/);
    assert.equal(pkg['license'], 'MIT');
  });
});
