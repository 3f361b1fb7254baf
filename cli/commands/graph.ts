/**
 * `crplan graph IMAGE [--format dot|svg] [-o FILE]`: the planner's dependency graph (what must
 * happen before what, and why) as Graphviz DOT or as a standalone SVG to open in a browser.
 */
import { extname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { writeFileAtomic } from '../io.js';
import { renderDot } from '../../planner/render/dot.js';
import { renderSvg } from '../../planner/render/svg.js';
import { loadAndPlan, reportNoPlan } from './plan.js';

interface Args {
  image: string;
  format?: 'dot' | 'svg';
  output?: string;
}

export const graphCommand: CommandModule<object, Args> = {
  command: 'graph <image>',
  describe: 'the dependency graph of the plan, as DOT or as a standalone SVG',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'crplan image (JSON) or CRIU image directory' })
      .option('format', { alias: 'f', choices: ['dot', 'svg'] as const, describe: 'output format (default: from the -o extension, else dot)' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .example('$0 graph examples/session01.json -o session01.svg', 'an SVG to open in a browser')
      .example('$0 graph examples/session01.json | dot -Tpng > g.png', 'DOT for graphviz') as unknown as Argv<Args>,
  handler: (a) => {
    const { outcome } = loadAndPlan(a.image);
    if (outcome.kind !== 'plan') {
      reportNoPlan(outcome, a.image, false);
      return;
    }
    const format = a.format ?? (a.output && extname(a.output).toLowerCase() === '.svg' ? 'svg' : 'dot');
    const title = `crplan plan graph: ${outcome.plan.image.description ?? a.image}`;
    const text = format === 'svg' ? renderSvg(outcome.graph, title) : renderDot(outcome.graph, title);
    if (a.output) {
      writeFileAtomic(a.output, text);
      process.stdout.write(`wrote ${a.output} (${outcome.graph.nodeCount()} nodes, ${outcome.graph.edgeCount()} edges, ${format})\n`);
    } else process.stdout.write(text);
  },
};
