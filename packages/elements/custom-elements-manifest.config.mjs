// @custom-elements-manifest/analyzer settings (`npm run analyze`). The tags are registered through
// `defineElement` in `src/define.ts`, which the analyzer cannot follow: the plugin below records the
// definitions there (tag -> class) and drops the base class, which is no element of its own.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test-support/**'],
  litelement: true,
  outdir: '.',
  plugins: [
    {
      name: 'invoice-run-definitions',
      packageLinkPhase({customElementsManifest}) {
        const elements = [];
        for (const module of customElementsManifest.modules) {
          module.exports = (module.exports ?? []).filter(
            (entry) => entry.kind !== 'custom-element-definition',
          );
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            if (declaration.tagName) elements.push({declaration, path: module.path});
            else delete declaration.customElement;
          }
        }
        const define = customElementsManifest.modules.find(
          (module) => module.path === 'src/define.ts',
        );
        if (define === undefined) throw new Error('src/define.ts is missing from the manifest');
        define.exports = elements.map(({declaration, path}) => ({
          kind: 'custom-element-definition',
          name: declaration.tagName,
          declaration: {name: declaration.name, module: path},
        }));
      },
    },
  ],
};
