// markwhen's own parser (@markwhen/parser) on a .mw document from stdin: the header, the
// parse messages, and each entry with its sections, range, title, tags, properties and
// description lines, as JSON on stdout.
import { readFileSync } from "node:fs";
import { parse } from "@markwhen/parser";

const parsed = parse(readFileSync(0, "utf8"));
const timeline = parsed.timelines ? parsed.timelines[0] : parsed;
const events = [];
const walk = (node, path) => {
  if (node && Array.isArray(node.children)) {
    const here = node.title ? [...path, node.title] : path;
    for (const child of node.children) walk(child, here);
  } else if (node && node.dateRangeIso) {
    events.push({
      path,
      from: node.dateRangeIso.fromDateTimeIso,
      to: node.dateRangeIso.toDateTimeIso,
      title: node.firstLine ? node.firstLine.restTrimmed : null,
      tags: node.tags,
      properties: node.properties,
      // a description's lines: markwhen keeps a list item's text without its marker, and a
      // blank line as a paragraph break
      description: (node.supplemental || []).map((s) =>
        s.type === "listItem" ? `- ${s.raw}` : s.type === "paragraphBreak" ? "" : s.raw,
      ),
    });
  }
};
walk(timeline.events, []);
process.stdout.write(
  JSON.stringify({ header: timeline.header, messages: timeline.parseMessages, events }),
);
