// Parse the first ```mermaid block of stdin with Mermaid's own parser and print its timeline
// database as JSON: title, sections, and each period with its events (entities decoded).
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const input = readFileSync(0, "utf8");
const match = input.match(/```mermaid\n([\s\S]*?)\n```/);
if (!match) {
  console.error("no ```mermaid block");
  process.exit(3);
}
// Mermaid keeps #58;-style codes as placeholders until it renders HTML; decode them here.
const decode = (text) =>
  text.replace(/ﬂ°°(\d+)¶ß/g, (_, code) => String.fromCodePoint(Number(code))).trim();

try {
  await mermaid.parse(match[1]);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(match[1]);
  const db = diagram.db;
  const result = {
    title: decode(db.getCommonDb().getDiagramTitle()),
    sections: db.getSections().map(decode),
    periods: db.getTasks().map((task) => ({
      section: decode(task.section),
      period: decode(task.task),
      events: task.events.map(decode),
    })),
  };
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(String(error));
  process.exit(2);
}
