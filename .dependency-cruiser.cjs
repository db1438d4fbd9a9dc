// `npm run lint` (second half): the server's import graph, checked by
// dependency-cruiser. Issue #12: every folder of server/src is a feature with
// its own Nest module, and features form a layered graph, not a web. A new
// cycle between folders, between files, or an import from db/ into a feature
// fails the lint with the path that closes the loop.
/* global module, __dirname -- CommonJS, read by dependency-cruiser */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Folders of server/src depend on each other one way only (docs/architecture.md, issue #12). ' +
        'A feature that needs to cause an effect in a feature above it emits an event or calls a port ' +
        'the upper feature implements; it does not import it.',
      scope: 'folder',
      from: { path: '^server/src/' },
      to: { path: '^server/src/', circular: true },
    },
    {
      name: 'no-deep-imports-between-folders',
      severity: 'error',
      comment:
        "A folder's surface is the files directly in it; another folder does not reach into its subfolders. " +
        'This also keeps no-folder-cycles complete: dependency-cruiser counts a subfolder as a folder of its own, ' +
        'so alerts -> priority/sub/x.ts plus priority -> alerts would otherwise not read as a loop.',
      from: { path: '^server/src/([^/]+)/' },
      to: { path: '^server/src/[^/]+/[^/]+/', pathNot: '^server/src/$1/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'Files do not import each other in a loop (Nest would need forwardRef, and load order becomes fragile).',
      from: { path: '^server/src/' },
      to: { circular: true },
    },
    {
      name: 'db-is-a-leaf',
      severity: 'error',
      comment:
        'The database layer (connection, schema, migrations, demo seed) knows no feature: features import db/, ' +
        'never the other way (issue #12 removed db -> auth -> tenants -> db). Only config/ and common/ sit below it.',
      from: { path: '^server/src/db/' },
      to: { path: '^server/src/', pathNot: '^server/src/(db|config|common)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'The checks above are only as good as the graph: an import dependency-cruiser cannot resolve is an edge it ' +
        'cannot see. @plantao/shared resolves to shared/dist, absent before the first build; it is outside the graph anyway.',
      from: { path: '^server/src/' },
      to: { couldNotResolve: true, pathNot: '^@plantao/shared$' },
    },
  ],
  options: {
    // Folder-scope rules run on the folder metrics, which are only computed with `metrics`.
    metrics: true,
    // Absolute: TypeScript 6 resolves a relative tsconfig's `extends` against the wrong folder.
    tsConfig: { fileName: `${__dirname}/server/tsconfig.json` },
    tsPreCompilationDeps: true,
    // The wire contract is a package like any other here: its insides are not part of the server's graph.
    doNotFollow: { path: ['node_modules', '^shared/'] },
  },
};
