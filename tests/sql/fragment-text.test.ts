import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';

/**
 * A SQL Fragment never becomes text inside a plain template literal (`${fragment}`): that is how
 * a value from a file could be pasted into SQL unquoted. Fragments compose through the `sql` tag,
 * `join` and `raw` of src/lib/sql/quote.ts only. Checked with the type checker over every source
 * file, so a new builder cannot slip past it; at run time `Fragment.toString` throws as well.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('no Fragment is interpolated into a plain template literal', () => {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(parsed.fileNames.filter((f) => /\/(src|bench|tests)\//.test(f) && f.endsWith('.ts')), parsed.options);
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('node_modules')) continue;
    const visit = (node: ts.Node): void => {
      // A tagged template (`sql\`…\``) decides itself what its values become.
      if (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent)) {
        for (const span of node.templateSpans) {
          const type = checker.getTypeAtLocation(span.expression);
          const names = type.isUnion() ? type.types.map((t) => t.symbol?.name) : [type.symbol?.name];
          if (names.includes('Fragment')) {
            const { line } = file.getLineAndCharacterOfPosition(span.expression.getStart());
            found.push(`${path.relative(root, file.fileName)}:${line + 1}: ${span.expression.getText()}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  expect(found).toEqual([]);
}, 120_000);
