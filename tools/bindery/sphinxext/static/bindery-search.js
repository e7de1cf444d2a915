// The search page, on Pagefind's index (see search.py): the query and the
// filters come from the address (?q=…&category=…&year=…), so a search is
// a link; results are the posts' own text, ranked by Pagefind, ten at a
// time. Focus moves to the announced count when results arrive. A search
// made on this page runs in place, the address following it.
//
// The index has two tiers (search_index.py): the base, and the posts that
// changed since it was made, merged here; recent.json says whether there is
// a recent tier, and which of the base's pages it replaces.
const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
const PAGE = 10;

const form = document.querySelector(".bindery-search__form");
const field = document.getElementById("bindery-search-query");
const summary = document.getElementById("search-summary");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const selects = {
  category: document.getElementById("bindery-search-category"),
  year: document.getElementById("bindery-search-year"),
};

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
  const shown = await Promise.all(results.slice(first, first + PAGE).map((result) => result.data()));
  if (search !== latest) return;
  for (const data of shown) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    item.append(link, excerptNode(data.excerpt));
    list.append(item);
  }
  const next = first + PAGE;
  more.hidden = next >= results.length;
  more.onclick = () =>
    show(results, next, search).then(() => list.children[next]?.querySelector("a")?.focus());
};

const fillFilter = (select, values, chosen) => {
  const names = Object.keys(values || {}).sort((a, b) => a.localeCompare(b));
  for (const name of names) select.add(new Option(name, name, false, name === chosen));
  const hidden = names.length === 0;
  select.hidden = hidden;
  select.labels.forEach((label) => { label.hidden = hidden; });
};

const NO_RECENT = { merge: false, stale: [] };
const recentTier = () =>
  fetch(new URL("_pagefind_recent/recent.json", root))
    .then((response) => (response.ok ? response.json() : NO_RECENT))
    .catch(() => NO_RECENT);

// Pagefind's results of both tiers, less the base's out-of-date copies
// (and a page both tiers hold unchanged, once).
const current = (results, stale) => {
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
  for (const key of Object.keys(selects)) if (params.get(key)) chosen[key] = params.get(key);
  return { query: (params.get("q") || "").trim(), chosen };
};

// Pagefind, both tiers merged, ready to search.
const startPagefind = async () => {
  const [pagefind, recent] = await Promise.all([
    import(new URL("_pagefind/pagefind.js", root).href),
    recentTier(),
  ]);
  const options = { baseUrl: root.pathname, excerptLength: 30 };
  await pagefind.options(options);
  // One call to Pagefind at a time: with two at once (a preload beside
  // the merge, or the filters beside a search) test runs have seen a
  // search never answer.
  if (recent.merge) await pagefind.mergeIndex(new URL("_pagefind_recent/", root).pathname, options);
  return { pagefind, stale: new Set(recent.stale) };
};

// Searches one after the other, however fast the reader submits.
let pending = Promise.resolve();
const oneAtATime = (call) => {
  const next = pending.then(call, call);
  pending = next.catch(() => {});
  return next;
};

const search = async ({ pagefind, stale }, { query, chosen }) => {
  const mine = ++latest;
  field.value = query;
  for (const [key, select] of Object.entries(selects)) select.value = chosen[key] || "";
  list.replaceChildren();
  more.hidden = true;
  summary.textContent = "";
  if (!query) return;
  const found = await oneAtATime(() => pagefind.search(query, { filters: chosen }));
  if (mine !== latest) return;
  const results = current(found.results, stale);
  const count = results.length;
  summary.textContent =
    count === 0
      ? `No posts match “${query}”.`
      : `${count} ${count === 1 ? "post matches" : "posts match"} “${query}”.`;
  await show(results, 0, mine);
  if (mine === latest) summary.focus();
};

const run = async () => {
  const first = wanted();
  field.value = first.query;
  const ready = await startPagefind();
  // The results first, then the filter lists.
  await search(ready, first);
  const filters = await ready.pagefind.filters();
  fillFilter(selects.category, filters.category, first.chosen.category);
  fillFilter(selects.year, filters.year, first.chosen.year);
  if (!first.query) field.focus();
  // Later searches run in the page, Pagefind already started; the address
  // follows, so each search is still a link, and Back goes to the last one.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (field.value.trim()) params.set("q", field.value.trim());
    for (const [key, select] of Object.entries(selects)) if (select.value) params.set(key, select.value);
    window.history.pushState(null, "", `?${params}`);
    search(ready, wanted());
  });
  window.addEventListener("popstate", () => search(ready, wanted()));
};

// Until Pagefind is ready the form submits as a plain form, without its
// empty filters.
const plainSubmit = () => {
  for (const select of Object.values(selects)) select.disabled = !select.value;
};
form.addEventListener("submit", plainSubmit);

run()
  .then(() => form.removeEventListener("submit", plainSubmit))
  .catch((error) => {
    summary.textContent = `Search is not available: ${error.message || error}`;
  });
