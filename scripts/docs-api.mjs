#!/usr/bin/env node
// The API reference in docs/api/, generated from the TSDoc comments of each package's public
// entries by TypeDoc with typedoc-plugin-markdown (Markdown, so it reads in the repository).
//
//   node scripts/docs-api.mjs           write docs/api/ (npm run docs:api)
//   node scripts/docs-api.mjs --check   fail when docs/api/ is not what the sources give now
//
// The reference is committed so that it reads where the code is and so that a change of the
// public API shows in review as a change of its reference; `--check` (run by `npm test`) keeps it
// from going stale. Source links are left out (`disableSources`): they name line numbers, which
// every edit of a file would move, and the reference would go stale without any API change.
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Application, LogLevel} from 'typedoc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'docs', 'api');

/** The packages; each one's `typedoc.json` names its public entries (its `exports` map's). */
const PACKAGES = ['core', 'worker', 'elements'];

/**
 * The JSDoc tags of the components that the Custom Elements Manifest reads. The element-level
 * reference (events, parts, custom properties, slots) is `custom-elements.json` and the elements
 * README; here they are left out, apart from the summary.
 */
const MANIFEST_TAGS = ['@fires', '@csspart', '@cssproperty', '@slot', '@tagname'];

async function generate(out) {
  const app = await Application.bootstrapWithPlugins({
    name: 'invoice-run',
    entryPointStrategy: 'packages',
    entryPoints: PACKAGES.map((name) => join(root, 'packages', name)),
    packageOptions: {
      readme: 'none',
      blockTags: [
        '@param',
        '@returns',
        '@throws',
        '@example',
        '@see',
        '@default',
        '@defaultValue',
        '@deprecated',
        '@summary',
        ...MANIFEST_TAGS,
      ],
      excludeTags: MANIFEST_TAGS,
      excludePrivate: true,
      excludeProtected: true,
      excludeInternal: true,
      // Members a class inherits from the platform or Lit (HTMLElement's hundreds) are theirs to
      // document; the reference lists ours.
      excludeExternals: true,
      disableSources: true,
      // `npm run typecheck` checks the sources; TypeDoc only reads them.
      skipErrorChecking: true,
      // Public signatures that name a type the entry does not export are listed by `--check`'s
      // log at most; the reference shows such a type by name.
      validation: {notExported: false, invalidLink: true, notDocumented: false},
    },
    plugin: ['typedoc-plugin-markdown'],
    out,
    readme: 'none',
    disableSources: true,
    hideGenerator: true,
    excludePrivate: true,
    excludeProtected: true,
    // Markdown as the repository shows it: one page per module, members on the page.
    outputFileStrategy: 'modules',
    entryFileName: 'README.md',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    typeDeclarationFormat: 'table',
    enumMembersFormat: 'table',
    sanitizeComments: true,
    skipErrorChecking: true,
    validation: {notExported: false, invalidLink: true, notDocumented: false},
    logLevel: LogLevel.Warn,
  });
  const project = await app.convert();
  if (project === undefined) throw new Error('TypeDoc could not read the packages');
  await app.generateOutputs(project);
}

function filesUnder(directory) {
  return readdirSync(directory, {recursive: true})
    .filter((file) => statSync(join(directory, file)).isFile())
    .map((file) => relative(directory, join(directory, file)))
    .sort();
}

if (process.argv.includes('--check')) {
  const fresh = mkdtempSync(join(tmpdir(), 'invoice-run-api-'));
  try {
    await generate(fresh);
    const want = filesUnder(fresh);
    const have = filesUnder(committed);
    const stale = [
      ...want.filter((file) => !have.includes(file)).map((file) => `missing ${file}`),
      ...have.filter((file) => !want.includes(file)).map((file) => `extra ${file}`),
      ...want
        .filter((file) => have.includes(file))
        .filter(
          (file) =>
            readFileSync(join(fresh, file), 'utf8') !== readFileSync(join(committed, file), 'utf8'),
        )
        .map((file) => `changed ${file}`),
    ];
    if (stale.length > 0) {
      process.stderr.write(
        `docs/api is stale (${stale.length} file${stale.length === 1 ? '' : 's'}):\n` +
          `${stale.map((line) => `  ${line}`).join('\n')}\n` +
          'Run `npm run docs:api` and commit docs/api.\n',
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(`docs/api is up to date (${want.length} files)\n`);
    }
  } finally {
    rmSync(fresh, {recursive: true, force: true});
  }
} else {
  rmSync(committed, {recursive: true, force: true});
  await generate(committed);
  process.stdout.write(`wrote docs/api (${filesUnder(committed).length} files)\n`);
}
