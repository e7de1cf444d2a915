// One shard of the search index (search_index.py), searched by Pagefind in
// this worker: the search page starts one worker a shard, so the shards
// are searched at once, each on a core of its own, and it merges their
// results by score.  Inside a worker Pagefind runs in the worker's own
// thread (it starts a worker of its own only on a page).
//
// Messages: {id, name, args} in; {id, value} or {id, error} out.

// Every shard is written by the same Pagefind in the same build, so each
// shard's folder holds the same WebAssembly file: the page fetches it once
// (72 KB) and hands it to every shard's worker ("wasm"), whose Pagefind
// then reads it from here rather than from the network (null: fetch it).
const WASM = /\/wasm\.[\w-]+\.pagefind$/;
let gotWasm;
const wasm = new Promise((resolve) => {
  gotWasm = resolve;
});
const fetchFile = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const bytes = typeof input === "string" && WASM.test(input) ? await wasm : null;
  return bytes ? new Response(bytes) : fetchFile(input, init);
};

let pagefind = null;
let ready = null; // Pagefind started (and the recent tier merged): searches wait for it
let found = new Map(); // the last search's results, by Pagefind id

// Calls run as they come, so the page need not wait for one to answer
// before it sends the next: a search sent while Pagefind is still
// starting runs once it has started.
const calls = {
  // The shard's index; the bundle (pagefind.js) is the same address for
  // every shard, so the browser fetches it once.
  start(bundle, options) {
    ready = import(bundle).then(({ createInstance }) => {
      pagefind = createInstance(options); // basePath: the shard's folder
      return pagefind.init();
    });
    return ready;
  },
  wasm(bytes) {
    gotWasm(bytes);
  },
  merge(path, options) {
    ready = ready.then(() => pagefind.mergeIndex(path, options));
    return ready;
  },
  // The index chunks a query needs, fetched while the reader is still
  // typing it, so that the search, once submitted, finds them here.
  async preload(query, filters) {
    await ready;
    await pagefind.preload(query, { filters });
  },
  // Each result's id and score, best first.
  async search(query, filters) {
    await ready;
    const { results } = await pagefind.search(query, { filters });
    found = new Map(results.map((result) => [result.id, result]));
    return results.map((result) => [result.id, result.score]);
  },
  // What the page shows of a result of the last search (null if a newer
  // search has run here since: the page shows nothing of an older one).
  async data(id, length) {
    const result = found.get(id);
    if (!result) return null;
    const data = await result.data();
    const { url, meta } = data;
    return { url, title: meta.title, kind: meta.kind || "post", excerpt: excerpt(data, length) ?? data.excerpt };
  },
};

// A result's excerpt, as Pagefind cuts one (the stretch of `length` words
// where the matches weigh most, the matches marked), but from the text
// under the title: the title opens what Pagefind indexed of the page, and
// weighs seven times a word of the text, so Pagefind's own excerpt was
// the title whenever the title held a word of the query.  A match in the
// title alone gives the opening words of the text.
const WORDS = /[\r\n\s]+/g;
const excerpt = ({ raw_content: content, weighted_locations: matches, meta }, length) => {
  if (content.includes("\u200B")) return null; // words not split by spaces (Chinese, say): Pagefind's own
  const words = content.split(WORDS);
  const title = (meta.title || "").trim();
  const text = Math.min(title ? title.split(WORDS).length : 0, words.length);
  const weights = new Map();
  for (const { location, balanced_score: score } of matches) {
    if (location >= text) weights.set(location, (weights.get(location) || 0) + score);
  }
  let start = text;
  let best = -1;
  for (const location of [...weights.keys()].sort((a, b) => a - b)) {
    // the stretch that starts at this match (the densest one starts at a match)
    let weight = 0;
    for (const [other, score] of weights) if (other >= location && other < location + length) weight += score;
    if (weight > best) [best, start] = [weight, location];
  }
  // a few words of what comes before the first match, as Pagefind keeps some
  start = Math.max(text, Math.min(start - Math.floor(length / 6), words.length - length));
  const shown = words.slice(start, start + length);
  for (const { location } of matches) {
    const word = shown[location - start];
    if (location >= start && word !== undefined && !word.startsWith("<mark>")) {
      shown[location - start] = `<mark>${word}</mark>`;
    }
  }
  return shown.join(" ").trim();
};

self.onmessage = async ({ data: { id, name, args } }) => {
  try {
    self.postMessage({ id, value: await calls[name](...args) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message || error) });
  }
};
