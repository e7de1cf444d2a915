// Render CSL-JSON items as a bibliography with citeproc-js, the CSL
// processor Zotero itself uses.  Reads {"style": path, "locale": path,
// "items": [...]} on stdin; prints a JSON list of plain-text entries, in
// the order of the items.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const items = Object.fromEntries(input.items.map((item) => [item.id, item]));
const locale = fs.readFileSync(input.locale, "utf8");
const engine = new CSL.Engine(
  { retrieveLocale: () => locale, retrieveItem: (id) => items[id] },
  fs.readFileSync(input.style, "utf8"),
  "en-US",
);
engine.setOutputFormat("text");
const out = input.items.map((item) => {
  engine.updateItems([item.id]);
  return engine.makeBibliography()[1][0].trim();
});
process.stdout.write(JSON.stringify(out));
