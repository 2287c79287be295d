// Local ESLint rule `local/electron-layers`: the layer order inside electron/
// (docs/architecture.md#layers-inside-electron) checked on the resolved path of every relative
// import, export-from and import(). A rule rather than no-restricted-imports patterns: patterns
// see only the import string (`../app/x.js`, `../../app/x.js` and `./app/x.js` are the same
// folder), and flat config replaces that rule's options per file, so each folder's block would
// repeat the electron and renderer restrictions.
import path from 'node:path';

/** The units of electron/ (a folder, or a top-level file by its own name), lowest layer first. */
export const layerOrder = [
  ['fs', 'app-paths'],
  ['registry-server', 'registry-client'],
  ['docker'],
  ['device'],
  ['app'],
  ['hosts'],
  ['cli', 'main'],
];

/** Top-level files of electron/ and the unit each belongs to. */
const topLevelFiles = { 'app-paths': 'app-paths', cli: 'cli', main: 'main', preload: 'main' };

/** Imports allowed against the order, each with the reason it is still here (none now). */
const knownExceptions = [];

export const docsLink = 'docs/architecture.md#layers-inside-electron';
const orderText = layerOrder.map((units) => units.join(', ')).join(' < ');

/** The unit of a path relative to electron/ (posix separators): its folder, or its top-level file's unit. */
function unitOf(rel) {
  const [first, ...rest] = rel.split('/');
  if (rest.length > 0) return first;
  return topLevelFiles[first.replace(/\.[cm]?[jt]sx?$/, '')] ?? first;
}

function layerOf(unit) {
  const i = layerOrder.findIndex((units) => units.includes(unit));
  return i < 0 ? undefined : i;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Modules in electron/ import only their own folder and lower layers.' },
    schema: [],
    messages: {
      upward:
        'Layer order (local/electron-layers): electron/{{from}} (layer {{fromLayer}}) must not import electron/{{to}} (layer {{toLayer}}); a module imports its own folder and lower layers only, in the order {{order}}. Move the shared code down or pass it in; see {{docs}}.',
      unlisted:
        'Layer order (local/electron-layers): electron/{{unit}} is in no layer; add it to layerOrder in eslint-rules/electron-layers.js and to the list in {{docs}}.',
    },
  },
  create(context) {
    const electronDir = path.join(context.cwd, 'electron');
    const fromRel = path.relative(electronDir, context.filename).split(path.sep).join('/');
    if (fromRel.startsWith('..') || path.isAbsolute(fromRel)) return {};
    const fromUnit = unitOf(fromRel);

    function check(node) {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source.value);
      const toRel = path.relative(electronDir, target).split(path.sep).join('/');
      if (toRel.startsWith('..') || path.isAbsolute(toRel)) return;
      const toUnit = unitOf(toRel);
      if (toUnit === fromUnit) return;
      for (const unit of [fromUnit, toUnit]) {
        if (layerOf(unit) === undefined) {
          context.report({ node: source, messageId: 'unlisted', data: { unit, docs: docsLink } });
          return;
        }
      }
      const fromLayer = layerOf(fromUnit);
      const toLayer = layerOf(toUnit);
      if (toLayer < fromLayer) return;
      if (knownExceptions.some((e) => e.from === fromRel && e.to === toUnit)) return;
      context.report({
        node: source,
        messageId: 'upward',
        data: {
          from: fromUnit,
          fromLayer: fromLayer + 1,
          to: toUnit,
          toLayer: toLayer + 1,
          order: orderText,
          docs: docsLink,
        },
      });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
