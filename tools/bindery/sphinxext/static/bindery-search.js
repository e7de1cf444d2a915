// Search that loads only what a query needs: the shards of the query's
// words and the blocks of page names they point to (see search.py), given
// to Sphinx's own search code (searchtools.js) as its index.
"use strict";

const BinderySearch = (() => {
  const pending = new Map();
  const root = `${document.documentElement.dataset.content_root || ""}_search/`;

  // Shards are scripts that call receive(), so search also works from file://.
  const load = (name) =>
    new Promise((resolve) => {
      pending.set(name, resolve);
      const script = document.createElement("script");
      script.src = `${root}${name}.js`;
      script.onerror = () => resolve(null); // no page has a word starting so
      document.head.appendChild(script);
    });

  const receive = (name, data) => {
    const resolve = pending.get(name);
    pending.delete(name);
    if (resolve) resolve(data);
  };

  const hex = (text) =>
    Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");
  const shardOf = (term) => hex(Array.from(term).slice(0, 2).join(""));

  const run = async () => {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const [, searchTerms, excludedTerms] = Search._parseQuery(query);
    const words = [...searchTerms, ...excludedTerms];
    const [meta, ...shards] = await Promise.all([
      load("meta"),
      ...[...new Set(words.map(shardOf))].map((key) => load(`t/${key}`)),
    ]);
    const index = {
      docnames: [], titles: [], filenames: [], terms: {}, titleterms: {},
      alltitles: {}, indexentries: {}, objects: {}, objnames: {}, objtypes: {},
      envversion: meta.envversion,
    };
    const pages = new Set();
    for (const shard of shards) {
      if (!shard) continue;
      for (const kind of ["terms", "titleterms"]) {
        for (const [term, found] of Object.entries(shard[kind])) {
          index[kind][term] = found;
          (Array.isArray(found) ? found : [found]).forEach((page) => pages.add(page));
        }
      }
    }
    const blocks = [...new Set([...pages].map((page) => Math.floor(page / meta.block)))];
    for (const block of await Promise.all(blocks.map((n) => load(`d/${n}`)))) {
      block.docnames.forEach((docname, i) => {
        const page = block.start + i;
        index.docnames[page] = docname;
        index.titles[page] = block.titles[i];
        index.filenames[page] = block.filenames[i];
        (index.alltitles[block.titles[i]] ||= []).push([page, null]);
      });
    }
    Search.setIndex(index);
  };

  return { receive, run };
})();

BinderySearch.run();
