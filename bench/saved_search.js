// The web app's offline search (wegweiser/webapp/static/webapp/saved-search.js) run in Node for bench/search_eval.py.
// Reads {"guides": {language: {"version", "search": [items]}}, "questions": [{"language", "question"}], "limit"} as
// JSON on standard input; writes {"found": [for each question in turn, the paths of the items found, best first],
// "milliseconds": [how long each question took]} as JSON.
"use strict";
require("../wegweiser/webapp/static/webapp/saved-search.js");

const { find } = globalThis.wegweiserSavedSearch;
const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const { guides, questions, limit } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const found = [];
  const milliseconds = [];
  for (const { language, question } of questions) {
    const started = performance.now();
    found.push(find(guides[language], question, limit).found.map(({ item }) => item.path));
    milliseconds.push(performance.now() - started);
  }
  process.stdout.write(JSON.stringify({ found, milliseconds }));
});
