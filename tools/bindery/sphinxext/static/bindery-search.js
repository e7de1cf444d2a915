// The search page, on Pagefind's index (see search.py): the query and the
// filters come from the address (?q=…&category=…&year=…), so a search is
// a link; results are the posts' own text, ranked by Pagefind, ten at a
// time. Focus moves to the announced count when results arrive. A search
// made on this page runs in place, the address following it.
//
// The index has two tiers (search_index.py): the base, cut into shards of
// about 5,000 posts, and the posts that changed since it was made; recent.json
// says how many shards there are, which file is Pagefind's WebAssembly,
// whether there is a recent tier, and which of the base's pages it
// replaces.  Each shard is searched by Pagefind in a worker of its own
// (bindery-search-worker.js), all at once, the recent tier merged into the
// first; their results are merged here by score.
//
// The script runs as soon as it is fetched (async, from the page's head):
// it starts Pagefind and the address's search at once, while the page is
// still being parsed and styled, and shows the results once it is.  The
// filters' choices are in the page (search.py): asking Pagefind for them
// would make it count every filter value on every later search, which
// cost 100 to 300 ms a search at 10,000 posts.  A search's time to results
// is marked for the benchmark: performance mark "bindery-search-results".
const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
const PAGE = 10;
const PRELOAD_FROM = 3; // letters of the last word typed before its chunks are fetched
const EXCERPT = 30; // words
const OPTIONS = { baseUrl: root.pathname, excerptLength: EXCERPT }; // Pagefind's, for every index
const FILTERS = ["category", "year"];

const parsed = new Promise((resolve) => {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
  else resolve();
});
let form, field, summary, list, more, selects; // the page's elements, once parsed
const findElements = () => {
  form = document.querySelector(".bindery-search__form");
  field = document.getElementById("bindery-search-query");
  summary = document.getElementById("search-summary");
  list = document.getElementById("search-results");
  more = document.getElementById("search-more");
  selects = Object.fromEntries(FILTERS.map((key) => [key, document.getElementById(`bindery-search-${key}`)]));
};

// The filters chosen in the form, by name (none for "All …").
const chosenFilters = () =>
  Object.fromEntries(Object.entries(selects).flatMap(([key, select]) => (select.value ? [[key, select.value]] : [])));

// Pagefind marks the query's words with <mark> in an excerpt that is
// otherwise text; rebuild it from text nodes so nothing else becomes markup.
const decoder = document.createElement("textarea"); // decodes entities, runs nothing
const excerptNode = (excerpt) => {
  const node = document.createElement("p");
  node.className = "bindery-search__excerpt";
  const parts = excerpt.split(/(<mark>.*?<\/mark>)/);
  for (const part of parts) {
    decoder.innerHTML = part.replace(/<\/?mark>/g, "");
    const text = decoder.value;
    if (part.startsWith("<mark>")) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      node.append(mark);
    } else {
      node.append(text);
    }
  }
  return node;
};

let latest = 0; // a search overtaken by a newer one shows nothing more

const show = async (results, first, search = latest) => {
  const page = results.slice(first, first + PAGE);
  const shown = await Promise.all(page.map(({ id, shard }) => shard.call("data", id, EXCERPT)));
  if (search !== latest) return;
  for (const data of shown) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.title || data.url;
    item.append(link);
    if (data.kind === "page") {
      // one of the blog's pages (About, say), not a post
      const kind = document.createElement("span");
      kind.className = "bindery-search__kind";
      kind.textContent = "Page";
      item.append(" ", kind);
    }
    item.append(excerptNode(data.excerpt));
    list.append(item);
  }
  const next = first + PAGE;
  more.hidden = next >= results.length;
  more.onclick = () =>
    show(results, next, search).then(() => list.children[next]?.querySelector("a")?.focus());
};

const NO_RECENT = { shards: 1, wasm: null, merge: false, stale: [] };
const recentTier = () =>
  fetch(new URL("_pagefind_recent/recent.json", root))
    .then((response) => (response.ok ? response.json() : NO_RECENT))
    .catch(() => NO_RECENT);

// Pagefind's results of every shard and both tiers, best first, less the
// base's out-of-date copies (and a page both tiers hold unchanged, once).
const current = (found, shards, stale) => {
  const results = found.flatMap((ranked, k) => ranked.map(([id, score]) => ({ id, score, shard: shards[k] })));
  results.sort((a, b) => b.score - a.score);
  const seen = new Set();
  return results.filter((result) => {
    if (stale.has(result.id) || seen.has(result.id)) return false;
    seen.add(result.id);
    return true;
  });
};

// The query and filters of the address (?q=…&category=…&year=…).
const wanted = () => {
  const params = new URLSearchParams(window.location.search);
  const chosen = {};
  for (const key of FILTERS) if (params.get(key)) chosen[key] = params.get(key);
  return { query: (params.get("q") || "").trim(), chosen };
};

// A worker searching one shard; call(name, ...args) answers with its value.
const WORKER = new URL("bindery-search-worker.js", import.meta.url);
class Shard {
  constructor(folder) {
    this.worker = new Worker(WORKER, { type: "module" });
    this.waiting = new Map();
    this.next = 0;
    this.worker.onmessage = ({ data: { id, value, error } }) => {
      const call = this.waiting.get(id);
      if (!call) return; // the worker had failed: its calls were rejected then
      this.waiting.delete(id);
      if (error === undefined) call.resolve(value);
      else call.reject(new Error(error));
    };
    this.worker.onerror = (event) => {
      for (const { reject } of this.waiting.values()) reject(new Error(event.message || "the search worker failed"));
      this.waiting.clear();
    };
    const options = { ...OPTIONS, basePath: new URL(folder, root).pathname };
    // A failure to start fails the searches, which report it.
    this.call("start", new URL("_pagefind/pagefind.js", root).href, options).catch(() => {});
  }

  call(name, ...args) {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, name, args });
    });
  }
}

// A worker for each shard, the recent tier merged into the first.  The
// first starts while recent.json, which says how many there are, is
// fetched; none is waited for: each runs a search once it has started.
// With more than one, Pagefind's WebAssembly is fetched here, once, for
// all of them (each fetching it, the browser may download it each time).
// One shard's worker fetches it itself, as Pagefind does: fetched here,
// earlier, it made the page's largest paint later in Lighthouse's model
// (2.5 s against 2.1 s, performance 95 against 97).
const startPagefind = async () => {
  const first = new Shard("_pagefind/");
  const recent = await recentTier();
  const wasm =
    recent.wasm && recent.shards > 1
      ? fetch(new URL(`_pagefind/${recent.wasm}`, root))
          .then((response) => (response.ok ? response.arrayBuffer() : null))
          .catch(() => null)
      : Promise.resolve(null);
  const shards = [first];
  for (let k = 1; k < recent.shards; k++) shards.push(new Shard(`_pagefind/shard-${k}/`));
  wasm.then((bytes) => {
    for (const shard of shards) shard.call("wasm", bytes).catch(() => {}); // a dead worker fails its searches
  });
  if (recent.merge) {
    first.call("merge", new URL("_pagefind_recent/", root).pathname, OPTIONS).catch(() => {});
  }
  return { shards, stale: new Set(recent.stale) };
};

// Searches one after the other, however fast the reader submits.
let pending = Promise.resolve();
const oneAtATime = (call) => {
  const next = pending.then(call, call);
  pending = next.catch(() => {});
  return next;
};

// Pagefind's results for a query, every shard searched at once.
const find = ({ shards, stale }, { query, chosen }) =>
  query
    ? oneAtATime(() => Promise.all(shards.map((shard) => shard.call("search", query, chosen)))).then((found) =>
        current(found, shards, stale),
      )
    : Promise.resolve([]);

// Show a search: the form as the address has it, then its results once
// found (a search overtaken by a newer one shows nothing).
const search = async (wish, found) => {
  const mine = ++latest;
  const { query, chosen } = wish;
  field.value = query;
  for (const [key, select] of Object.entries(selects)) select.value = chosen[key] || "";
  list.replaceChildren();
  more.hidden = true;
  summary.textContent = "";
  if (!query) return;
  const results = await found;
  if (mine !== latest) return;
  const count = results.length;
  // results, not posts: the blog's pages are searched too
  summary.textContent =
    count === 0 ? `No results for “${query}”.` : `${count} ${count === 1 ? "result" : "results"} for “${query}”.`;
  await show(results, 0, mine);
  if (mine !== latest) return;
  summary.focus();
  performance.mark("bindery-search-results", { detail: query });
};

// The address's search starts now, before the page is parsed.
const first = wanted();
const ready = startPagefind();
const firstFound = ready.then((started) => find(started, first));
firstFound.catch(() => {}); // a failure is shown by run()

const run = async () => {
  await parsed;
  findElements();
  field.value = first.query;
  // Until the shards' workers are made the form submits as a plain form,
  // without its empty filters.
  const plainSubmit = () => {
    for (const select of Object.values(selects)) select.disabled = !select.value;
  };
  form.addEventListener("submit", plainSubmit);
  const started = await ready;
  form.removeEventListener("submit", plainSubmit);
  const searchAddress = () => {
    const wish = wanted();
    search(wish, find(started, wish));
  };
  // Later searches run in the page; the address follows, so each search is
  // still a link, and Back goes to the last one.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    performance.mark("bindery-search-submit");
    const params = new URLSearchParams();
    if (field.value.trim()) params.set("q", field.value.trim());
    for (const [key, value] of Object.entries(chosenFilters())) params.set(key, value);
    window.history.pushState(null, "", `?${params}`);
    searchAddress();
  });
  window.addEventListener("popstate", searchAddress);
  // What the reader is typing: the index chunks its words need are fetched
  // now, while they type, not once they submit (a fetch takes 30 to 80 ms).
  // Not for a last word of one or two letters, which many chunks may hold.
  field.addEventListener("input", () => {
    const query = field.value.trim();
    if (query.split(/\s+/).pop().length < PRELOAD_FROM) return;
    for (const shard of started.shards) shard.call("preload", query, chosenFilters()).catch(() => {}); // a search reports it
  });
  await search(first, firstFound);
  if (!first.query) field.focus();
};

run().catch((error) => {
  summary.textContent = `Search is not available: ${error.message || error}`;
});
