#!/usr/bin/env node
// Writes what frameworks and editors need to know about the elements, from
// packages/elements/custom-elements.json (itself generated from the components' JSDoc), into the
// package's dist/ beside the declarations the build wrote:
// - react.d.ts, preact.d.ts, solid.d.ts: each framework's JSX.IntrinsicElements for the default
//   tags, with the elements' properties and attributes and their events as typed handlers
//   (React 19 and Preact `onrun-select`, Solid `on:run-select`);
// - vue.d.ts: Vue's GlobalComponents, with `onRunSelect`-style handlers for `@run-select`;
// - vscode.html-custom-data.json (VS Code's `html.customData`) and web-types.json (JetBrains IDEs)
//   with the tags, attributes, events, slots, parts and custom properties and their descriptions.
// Types are never copied from the manifest's text: a property's type is the element's own
// (`RunHistory['pageSize']`) and an event's is its class, imported from the package's
// declarations, so a name the manifest gets wrong fails the consumer's type check.
// Usage: node scripts/elements-integrations.mjs   (the elements build runs it)
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'elements');

/** The elements of the manifest: tag, class, properties, attributes, events and the rest. */
export function elementsOf(manifest) {
  const elements = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName) continue;
      const properties = (declaration.members ?? []).filter(
        (member) =>
          member.kind === 'field' &&
          !member.static &&
          !member.readonly &&
          (member.privacy === undefined || member.privacy === 'public'),
      );
      const propertyNames = new Set(properties.map((property) => property.name));
      elements.push({
        tag: declaration.tagName,
        className: declaration.name,
        summary: declaration.summary ?? '',
        description: [declaration.summary, declaration.description].filter(Boolean).join('\n\n'),
        properties,
        // Attributes whose property a page can set; a reflected state (the provider's `storage`)
        // is shown, not set.
        attributes: (declaration.attributes ?? []).filter(
          (attribute) =>
            attribute.fieldName === undefined || propertyNames.has(attribute.fieldName),
        ),
        events: declaration.events ?? [],
        slots: declaration.slots ?? [],
        parts: declaration.cssParts ?? [],
        cssProperties: declaration.cssProperties ?? [],
      });
    }
  }
  return elements.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const pascal = (name) => camel(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());
const quoted = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const comment = (text, indent) =>
  text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\n+/g, ` `)} */\n` : '';

/** The props type of one element: properties, attributes (as strings) and event handlers. */
function propsType(element, handlerName, indent) {
  const lines = [];
  const seen = new Set();
  for (const property of element.properties) {
    seen.add(property.name);
    lines.push(
      comment(property.description, indent) +
        `${indent}${quoted(property.name)}?: ${element.className}['${property.name}'];`,
    );
  }
  for (const attribute of element.attributes) {
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    lines.push(
      comment(attribute.description, indent) + `${indent}${quoted(attribute.name)}?: string;`,
    );
  }
  for (const event of element.events) {
    lines.push(
      comment(event.description, indent) +
        `${indent}${quoted(handlerName(event.name))}?: (event: ${event.type.text}) => void;`,
    );
  }
  return lines.join('\n');
}

function imports(elements) {
  const names = new Set();
  for (const element of elements) {
    names.add(element.className);
    for (const event of element.events) names.add(event.type.text);
  }
  return `import type {${[...names].sort().join(', ')}} from './index.js';`;
}

const HEADER = (what) =>
  `// ${what} for the default tags of @invoice-run/elements. Generated from custom-elements.json by\n` +
  `// scripts/elements-integrations.mjs; do not edit.\n`;

/** JSX typings: one `Props` interface per element, then the framework's IntrinsicElements. */
function jsxTypes({framework, module, base, handlerName, elements, note}) {
  const props = elements
    .map(
      (element) =>
        `/** ${element.summary.replace(/\n+/g, ' ')} */\n` +
        `export interface ${element.className}${framework}Props {\n${propsType(element, handlerName, '  ')}\n}`,
    )
    .join('\n\n');
  const intrinsic = elements
    .map(
      (element) =>
        `      '${element.tag}': Omit<${base(element.className)}, keyof ${element.className}${framework}Props> &\n` +
        `        ${element.className}${framework}Props;`,
    )
    .join('\n');
  return `${HEADER(`${framework} JSX typings`)}// ${note}\n${module.importLine}\n${imports(elements)}\n\n${props}\n\ndeclare module '${module.name}' {\n  namespace JSX {\n    interface IntrinsicElements {\n${intrinsic}\n    }\n  }\n}\n`;
}

function vueTypes(elements) {
  const props = elements
    .map(
      (element) =>
        `/** ${element.summary.replace(/\n+/g, ' ')} */\n` +
        `export interface ${element.className}VueProps {\n${propsType(
          {...element, attributes: []},
          (name) => `on${pascal(name)}`,
          '  ',
        )}\n}`,
    )
    .join('\n\n');
  const components = elements
    .map(
      (element) =>
        `    '${element.tag}': DefineSetupFnComponent<${element.className}VueProps>;\n` +
        `    ${pascal(element.tag)}: DefineSetupFnComponent<${element.className}VueProps>;`,
    )
    .join('\n');
  return `${HEADER('Vue typings (GlobalComponents)')}// Templates bind properties with \`.prop\` or \`:prop\` and listen with \`@run-select\`, which Vue's type\n// check reads as the \`onRunSelect\` prop. Tell Vue the tags are custom elements\n// (compilerOptions.isCustomElement).\nimport type {DefineSetupFnComponent} from 'vue';\n${imports(elements)}\n\n${props}\n\ndeclare module 'vue' {\n  interface GlobalComponents {\n${components}\n  }\n}\n`;
}

/** VS Code's custom HTML data (https://github.com/microsoft/vscode-custom-data). */
function vscodeData(elements) {
  const valuesOf = (type) => {
    const literals = (type ?? '').split('|').map((part) => part.trim());
    return literals.length > 0 && literals.every((part) => /^'[^']*'$/.test(part))
      ? literals.map((part) => ({name: part.slice(1, -1)}))
      : undefined;
  };
  return {
    version: 1.1,
    tags: elements.map((element) => ({
      name: element.tag,
      description: [
        element.description,
        element.events.length > 0
          ? `Events: ${element.events.map((event) => `\`${event.name}\` (${event.description ?? ''})`).join(', ')}.`
          : '',
        element.slots.length > 0
          ? `Slots: ${element.slots.map((slot) => `${slot.name || '(default)'}: ${slot.description ?? ''}`).join('; ')}.`
          : '',
        element.parts.length > 0
          ? `Parts: ${element.parts.map((part) => part.name).join(', ')}.`
          : '',
        element.cssProperties.length > 0
          ? `Custom properties: ${element.cssProperties.map((property) => property.name).join(', ')}.`
          : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
      attributes: element.attributes.map((attribute) => ({
        name: attribute.name,
        description: attribute.description ?? '',
        ...(valuesOf(attribute.type?.text) ? {values: valuesOf(attribute.type?.text)} : {}),
      })),
      references: [
        {
          name: 'README',
          url: 'https://github.com/invoice-run/invoice-run/tree/main/packages/elements#readme',
        },
      ],
    })),
  };
}

/** JetBrains web-types (https://github.com/JetBrains/web-types). */
function webTypes(elements, manifest) {
  return {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name: manifest.name,
    version: manifest.version,
    'description-markup': 'markdown',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elements.map((element) => ({
          name: element.tag,
          description: element.description,
          'doc-url':
            'https://github.com/invoice-run/invoice-run/tree/main/packages/elements#readme',
          attributes: element.attributes.map((attribute) => ({
            name: attribute.name,
            description: attribute.description ?? '',
            value: {type: attribute.type?.text ?? 'string'},
          })),
          slots: element.slots.map((slot) => ({
            name: slot.name,
            description: slot.description ?? '',
          })),
          events: element.events.map((event) => ({
            name: event.name,
            description: event.description ?? '',
          })),
          js: {
            properties: element.properties.map((property) => ({
              name: property.name,
              description: property.description ?? '',
              type: property.type?.text ?? 'unknown',
            })),
            events: element.events.map((event) => ({
              name: event.name,
              description: event.description ?? '',
              type: event.type?.text,
            })),
          },
          css: {
            parts: element.parts.map((part) => ({
              name: part.name,
              description: part.description ?? '',
            })),
            properties: element.cssProperties.map((property) => ({
              name: property.name,
              description: property.description ?? '',
            })),
          },
        })),
      },
    },
  };
}

/** Every file this script writes, by path inside the package's dist/. */
export function integrationFiles(manifest, packageManifest) {
  const elements = elementsOf(manifest);
  const react = jsxTypes({
    framework: 'React',
    module: {name: 'react', importLine: "import type * as React from 'react';"},
    base: (className) =>
      `React.DetailedHTMLProps<React.HTMLAttributes<${className}>, ${className}>`,
    handlerName: (name) => `on${name}`,
    elements,
    note: 'React 19 sets properties the element has and listens to `onrun-select` as `run-select`.',
  });
  const preact = jsxTypes({
    framework: 'Preact',
    module: {name: 'preact', importLine: "import type {HTMLAttributes} from 'preact';"},
    base: (className) => `HTMLAttributes<${className}>`,
    handlerName: (name) => `on${name}`,
    elements,
    note: 'Preact sets properties the element has and listens to `onrun-select` as `run-select`.',
  });
  const solid = jsxTypes({
    framework: 'Solid',
    module: {name: 'solid-js', importLine: "import type {JSX} from 'solid-js';"},
    base: (className) => `JSX.HTMLAttributes<${className}>`,
    handlerName: (name) => `on:${name}`,
    elements,
    note: 'Solid sets properties on custom elements and listens with `on:run-select`.',
  });
  return {
    'react.d.ts': react,
    'preact.d.ts': preact,
    'solid.d.ts': solid,
    'vue.d.ts': vueTypes(elements),
    'vscode.html-custom-data.json': `${JSON.stringify(vscodeData(elements), null, 2)}\n`,
    'web-types.json': `${JSON.stringify(webTypes(elements, packageManifest), null, 2)}\n`,
  };
}

export function writeIntegrations(dir = packageDir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  const packageManifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  mkdirSync(join(dir, 'dist'), {recursive: true});
  for (const [file, text] of Object.entries(integrationFiles(manifest, packageManifest))) {
    writeFileSync(join(dir, 'dist', file), text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeIntegrations();
