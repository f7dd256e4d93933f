// ESLint rule `local/table-ownership`: a module reads and writes only its own tables (issue 12,
// docs/adr/0008-module-table-ownership.md). Another module's data is asked for through that
// module's index.ts, never queried.
//
// Who owns a table is read, at lint start, from the one place the schema is assembled:
// server/schema.ts imports each owner's `<X>Tables` / `<X>Schema` interface and `DB` extends them;
// the keys of each interface are that file's tables, and the file's folder names the owner
// (server/modules/<m>/ → m, server/platform/<p>/ → platform/<p>); DB's own keys are the app's.
// Nothing is copied by hand, so the map cannot go stale: a new table is owned the moment it is
// declared, and a table declared nowhere is reported as such.
//
// Reported in a file owned by X, for a table owned by Y ≠ X:
// - a string-literal table name given to a Kysely call that names tables (selectFrom,
//   updateTable, insertInto, deleteFrom, the joins, using, mergeInto, sql.table), 'table as alias'
//   included; names a `with…` call defines in the same file are common table expressions, not tables;
// - a 'table.column' literal passed to any call (select, where, orderBy, eb(…), eb.ref(…), …);
// - `from`, `join`, `into`, `update` and 'table.column' inside an sql`…` template.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = 'server/schema.ts';

const TABLE_METHODS = new Set([
  'selectFrom',
  'updateTable',
  'insertInto',
  'replaceInto',
  'deleteFrom',
  'mergeInto',
  'using',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'crossJoin',
  'innerJoinLateral',
  'leftJoinLateral',
  'crossJoinLateral',
]);
const CTE_METHODS = new Set(['with', 'withRecursive', 'withMaterialized', 'withNotMaterialized']);
const IDENT = '[a-z_][a-z0-9_]*';
const COLUMN_REF = new RegExp(`^\\s*(${IDENT})\\.(\\*|${IDENT})(\\s+as\\s+${IDENT})?\\s*$`, 'i');
const RAW_TABLE = new RegExp(`\\b(?:from|join|into|update)\\s+"?(${IDENT})"?`, 'gi');
const RAW_COLUMN = new RegExp(`\\b"?(${IDENT})"?\\.(?:"?${IDENT}"?|\\*)`, 'gi');

/** 'cases' for server/modules/cases/…, 'platform/outbox' for server/platform/outbox/…, 'app' for the rest of server/. */
export function ownerOfFile(relative) {
  const parts = relative.split(/[\\/]/);
  if (parts[0] !== 'server') return null;
  if (parts[1] === 'modules' && parts.length > 3) return parts[2];
  if (parts[1] === 'platform' && parts.length > 3) return `platform/${parts[2]}`;
  return 'app';
}

function parse(file) {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

function memberNames(members) {
  return members.flatMap((m) =>
    m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
  );
}

/** The property names of interface or object type `name` in `source`, with what it extends in the same file. */
function keysOf(source, name, seen = new Set()) {
  if (seen.has(name)) return [];
  seen.add(name);
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      const inherited = (statement.heritageClauses ?? []).flatMap((clause) =>
        clause.types.flatMap((t) => (ts.isIdentifier(t.expression) ? keysOf(source, t.expression.text, seen) : [])),
      );
      return [...inherited, ...memberNames(statement.members)];
    }
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name && ts.isTypeLiteralNode(statement.type)) {
      return memberNames(statement.type.members);
    }
  }
  return null;
}

/** table name → owner ('cases', 'platform/outbox', 'app' …), derived from server/schema.ts. */
export function readTableOwners(root = ROOT) {
  const schemaFile = path.join(root, SCHEMA);
  const schema = parse(schemaFile);
  const imported = new Map();
  for (const statement of schema.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
    const bindings = statement.importClause.namedBindings;
    if (!ts.isNamedImports(bindings)) continue;
    const from = path.resolve(path.dirname(schemaFile), statement.moduleSpecifier.text);
    for (const element of bindings.elements) imported.set(element.name.text, path.relative(root, from));
  }
  const db = schema.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!db) throw new Error(`table-ownership: ${SCHEMA} declares no interface DB`);
  const owners = new Map();
  const own = (table, owner, where) => {
    if (owners.has(table) && owners.get(table) !== owner)
      throw new Error(`table-ownership: ${table} is declared by ${owners.get(table)} and by ${owner} (${where})`);
    owners.set(table, owner);
  };
  for (const clause of db.heritageClauses ?? []) {
    for (const type of clause.types) {
      const name = ts.isIdentifier(type.expression) ? type.expression.text : null;
      const file = name && imported.get(name);
      if (!file) throw new Error(`table-ownership: DB extends ${name}, which ${SCHEMA} does not import`);
      const keys = keysOf(parse(path.join(root, file)), name);
      if (!keys) throw new Error(`table-ownership: ${file} declares no interface ${name}`);
      for (const table of keys) own(table, ownerOfFile(file), file);
    }
  }
  for (const table of memberNames(db.members)) own(table, 'app', SCHEMA);
  return { owners, files: [SCHEMA, ...new Set(imported.values())] };
}

// Read once per lint run; read again when a table file changes (an editor's long-lived ESLint).
let cached = null;
function tableOwners() {
  const stamp = (files) => files.map((f) => statSync(path.join(ROOT, f)).mtimeMs).join(',');
  if (!cached || stamp(cached.files) !== cached.stamp) {
    const read = readTableOwners();
    cached = { ...read, stamp: stamp(read.files) };
  }
  return cached.owners;
}

function literalText(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/** String literals given as an argument, directly or in an array. */
function literalArguments(args) {
  return args.flatMap((arg) => {
    const nodes = arg.type === 'ArrayExpression' ? arg.elements.filter(Boolean) : [arg];
    return nodes.flatMap((node) => {
      const text = literalText(node);
      return text === null ? [] : [{ node, text }];
    });
  });
}

const tableOf = (text) =>
  text
    .trim()
    .split(/\s+as\s+/i)[0]
    .trim()
    .split('.')
    .pop();

export default {
  meta: {
    type: 'problem',
    docs: { description: "A module reads and writes only its own tables; another module's data is asked for." },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                file: { type: 'string' },
                tables: { type: 'array', items: { type: 'string' } },
                reason: { type: 'string' },
              },
              required: ['file', 'tables', 'reason'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      foreign:
        "'{{table}}' belongs to {{owner}}; {{module}} may not query it. Ask {{owner}} through {{via}} (docs/adr/0008-module-table-ownership.md).",
      undeclared:
        "'{{table}}' is declared in no module's *.table.ts (see server/schema.ts): declare it with the module that owns it.",
    },
  },
  create(context) {
    const relative = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const module = ownerOfFile(relative);
    if (!module) return {};
    const owners = tableOwners();
    const allowed = new Set(
      (context.options[0]?.allow ?? []).filter((a) => a.file === relative).flatMap((a) => a.tables),
    );
    const localNames = new Set();
    const pending = [];
    const check = (node, table, strict) => {
      const owner = owners.get(table);
      if (owner === undefined) {
        if (strict) pending.push({ node, table, messageId: 'undeclared' });
      } else if (owner !== module) {
        pending.push({ node, table, owner, messageId: 'foreign' });
      }
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        const method = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : null;
        const first = node.arguments[0] && literalText(node.arguments[0]);
        if (method && CTE_METHODS.has(method) && first) localNames.add(first.split('(')[0].trim());
        const namesTables =
          (method && TABLE_METHODS.has(method)) ||
          (method === 'table' && callee.object.type === 'Identifier' && callee.object.name === 'sql');
        if (namesTables && node.arguments[0]) {
          for (const { node: arg, text } of literalArguments([node.arguments[0]])) check(arg, tableOf(text), true);
        }
        for (const { node: arg, text } of literalArguments(node.arguments)) {
          const ref = COLUMN_REF.exec(text);
          if (ref) check(arg, ref[1], false);
        }
      },
      TaggedTemplateExpression(node) {
        if (node.tag.type !== 'Identifier' || node.tag.name !== 'sql') return;
        for (const quasi of node.quasi.quasis) {
          const text = quasi.value.cooked ?? '';
          for (const match of text.matchAll(RAW_TABLE)) check(quasi, match[1].toLowerCase(), false);
          for (const match of text.matchAll(RAW_COLUMN)) check(quasi, match[1].toLowerCase(), false);
        }
      },
      'Program:exit'() {
        const seen = new Set();
        for (const { node, table, owner, messageId } of pending) {
          if (localNames.has(table) || allowed.has(table)) continue;
          // One report per table and place: a raw template names a table in several spots.
          const key = `${node.range[0]}:${table}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const via = owner?.startsWith('platform/')
            ? `the functions of server/${owner}/`
            : `server/modules/${owner}/index.ts`;
          context.report({ node, messageId, data: { table, owner, module, via } });
        }
      },
    };
  },
};
