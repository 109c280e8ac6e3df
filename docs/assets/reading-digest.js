// Reading Digest: small additions to Material's behaviour.

// Search with Pagefind in Material's search box. The index is split into chunks that load on
// demand, so the first search downloads a small part of it however large the archive is.
// Large archives index their papers in shards (pagefind/shards.json lists them), merged here.
// The page holds only the dialog's frame (generator/templates/partials/search.html); its
// content, Material's search markup with the site's icons, is put in here.
const SEARCH_DIALOG =
  '<label class="md-search__overlay" for="__search"></label>' +
  '<div class="md-search__inner" role="search"><form class="md-search__form" name="rd-search">' +
  '<input type="text" class="md-search__input" name="query" aria-label="Search" ' +
  'placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" ' +
  'spellcheck="false" required>' +
  '<label class="md-search__icon md-icon" for="__search">' +
  '<svg class="rd-i rd-i--search" aria-hidden="true"></svg>' +
  '<svg class="rd-i rd-i--back" aria-hidden="true"></svg></label>' +
  '<nav class="md-search__options" aria-label="Search">' +
  '<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" ' +
  'tabindex="-1"><svg class="rd-i rd-i--clear" aria-hidden="true"></svg></button></nav></form>' +
  '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
  '<div class="md-search-result" aria-live="polite">' +
  '<div class="md-search-result__meta">Initializing search</div>' +
  '<ol class="md-search-result__list" role="presentation"></ol></div></div></div></div>';

(() => {
  const root = document.querySelector("[data-rd-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  if (!root.firstChild) root.innerHTML = SEARCH_DIALOG; // constant markup, no page text
  const input = root.querySelector("input");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  // base_url is relative on most pages ("..") but the site root ("/" or "/sub") on the 404
  // page: one trailing slash either way, never "//" (a URL with no host).
  const base = new URL(root.dataset.base.replace(/\/+$/, "") + "/", window.location.href);
  let engine = null;
  let latest = 0;

  const SEARCH_FACETS = "search-facets.json";
  // A JSON file of the site, or {} when it is missing or unreadable.
  const listed = (url) =>
    fetch(url)
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));

  // The paper shards of a site's index (``listing``: its pagefind/shards.json), merged.
  const mergeShards = async (pagefind, site, listing) => {
    for (const shard of listing.shards || []) {
      await pagefind.mergeIndex(new URL(`pagefind/${shard}`, site).href, {
        baseUrl: site.pathname,
      });
    }
  };

  // Sibling sub-sites (search-sites.json, from the search-sites setting): their indexes are
  // merged too, so that one search finds the papers of every sub-site. One whose index is
  // missing is left out, with a warning in the console, and the search goes on without it:
  // a sibling is merged only once its entry file has loaded, as Pagefind keeps an index that
  // failed to load and then never answers.
  const mergeSibling = async (pagefind, site) => {
    const [entry, listing] = await Promise.all([
      listed(new URL("pagefind/pagefind-entry.json", site)),
      listed(new URL("pagefind/shards.json", site)),
    ]);
    if (!entry.languages) {
      console.warn(`Search: no search index at ${site.pathname}; searching without it`);
      return;
    }
    await pagefind.mergeIndex(new URL("pagefind/", site).href, { baseUrl: site.pathname });
    await mergeShards(pagefind, site, listing);
  };

  const load = () => {
    engine ??= Promise.all([
      import(new URL("pagefind/pagefind.js", base).href),
      listed(new URL("pagefind/shards.json", base)),
      listed(new URL("search-sites.json", base)),
    ]).then(async ([pagefind, listing, siblings]) => {
      await pagefind.options({ baseUrl: base.pathname });
      await mergeShards(pagefind, base, listing);
      for (const address of siblings.sites || []) {
        await mergeSibling(pagefind, new URL(address, base));
      }
      return pagefind;
    });
    return engine;
  };

  // Keep only text and <mark> from an excerpt: nothing from the index can become markup.
  const excerpt = (html) => {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
    const paragraph = document.createElement("p");
    parsed.firstChild.childNodes.forEach((node) => {
      const text = node.textContent;
      if (node.nodeName === "MARK") {
        if (!text.trim()) return;
        const mark = document.createElement("mark");
        mark.textContent = text;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(text));
      }
    });
    return paragraph;
  };

  // Filters by theme, year and digest, as selects under the search box. Each site lists its
  // themes, years and digests with the numbers of their papers (search-facets.json, from
  // generator/pages/search_facets.py), and beside each of its indexes the number of the paper
  // behind each result id (rd-papers.json, from generator/site/search_ids.py). A choice keeps
  // the results whose paper it holds; with no query, the chosen papers are listed. Sibling
  // sub-sites' facets join by label.
  const FILTERS = [
    ["theme", "All themes"],
    ["year", "All years"],
    ["digest", "All digests"],
  ];
  const filterBar = document.createElement("div");
  filterBar.className = "rd-search-filters";
  filterBar.hidden = true;
  meta.after(filterBar);
  const siteList = () =>
    listed(new URL("search-sites.json", base)).then((siblings) => [
      base,
      ...(siblings.sites || []).map((address) => new URL(address, base)),
    ]);
  // Runs of numbers, [gap, length, gap, length, ...] (see search_facets.py), as a set.
  const numbers = (runs) => {
    const found = new Set();
    let at = 0;
    for (let i = 0; i + 1 < runs.length; i += 2) {
      at += runs[i];
      for (let n = 0; n < runs[i + 1]; n += 1) found.add(at + n);
      at += runs[i + 1];
    }
    return found;
  };
  // Per filter, its values by label: the papers' count and, per site, their runs.
  let facets = null;
  const showFilters = () => {
    facets ??= siteList()
      .then((sites) => Promise.all(sites.map((site) => listed(new URL(SEARCH_FACETS, site)))))
      .then((perSite) => {
        const values = {};
        for (const [name, all] of FILTERS) {
          values[name] = new Map();
          perSite.forEach((available, site) => {
            for (const [label, count, runs] of available[name] || []) {
              const value = values[name].get(label) ?? { count: 0, runs: new Map() };
              value.count += count;
              value.runs.set(site, runs);
              values[name].set(label, value);
            }
          });
          if (values[name].size < 2) continue;
          const select = document.createElement("select");
          select.name = name;
          select.setAttribute("aria-label", `Filter by ${name}`);
          select.add(new Option(all, ""));
          for (const [label, value] of values[name]) {
            select.add(new Option(`${label} (${value.count})`, label));
          }
          select.addEventListener("change", () => search(input.value));
          filterBar.append(select);
        }
        filterBar.hidden = !filterBar.children.length;
        return values;
      });
    return facets;
  };
  // Result id -> the [site, number] of its paper, over every index of every site (ids are
  // short hashes: two indexes may share one, and then either paper counts).
  let papers = null;
  const paperOf = () => {
    papers ??= siteList().then(async (sites) => {
      const found = new Map();
      await Promise.all(
        sites.map(async (site, number) => {
          const listing = await listed(new URL("pagefind/shards.json", site));
          const folders = ["", ...(listing.shards || [])];
          const maps = await Promise.all(
            folders.map((folder) => listed(new URL(`pagefind/${folder}rd-papers.json`, site))),
          );
          for (const map of maps) {
            for (const [id, paper] of Object.entries(map.papers || {})) {
              if (!found.has(id)) found.set(id, []);
              found.get(id).push([number, paper]);
            }
          }
        }),
      );
      return found;
    });
    return papers;
  };
  // A test that a result is a paper of every chosen value, or null when none is chosen.
  const chosenFilter = async () => {
    const chosen = [...filterBar.querySelectorAll("select")].filter((select) => select.value);
    if (!chosen.length) return null;
    const [values, lookup] = await Promise.all([showFilters(), paperOf()]);
    const wanted = chosen.map((select) => {
      const sets = new Map();
      for (const [site, runs] of values[select.name].get(select.value).runs) {
        sets.set(site, numbers(runs));
      }
      return sets;
    });
    return (result) =>
      (lookup.get(result.id) || []).some(([site, paper]) =>
        wanted.every((sets) => sets.get(site)?.has(paper)),
      );
  };

  const item = (data) => {
    const entry = document.createElement("li");
    entry.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("div");
    title.className = "rd-search-title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.append(title, excerpt(data.excerpt || ""));
    link.append(article);
    entry.append(link);
    return entry;
  };

  // An arXiv id as people paste it ("arXiv:2406.01234v2", "arxiv.org/abs/2406.01234") is
  // searched as the bare id that paper pages carry.
  const normalised = (query) =>
    query
      .replace(/(?:https?:\/\/)?arxiv\.org\/(?:abs|pdf)\//gi, "")
      .replace(/\barxiv:\s*/gi, "")
      .replace(/\b(\d{4}\.\d{4,5})v\d+\b/g, "$1");

  // Spelling correction. Pagefind matches words and prefixes, never near misses, so when a
  // query finds little, each of its words that no page holds is replaced by the closest word
  // of the site's vocabulary (search-terms.json, loaded then): one edit away for words of up
  // to five letters, two for longer ones, the more frequent word winning a tie.
  const FEW = 5;
  let vocabulary = null;
  const terms = () => {
    vocabulary ??= fetch(new URL("search-terms.json", base))
      .then((response) => (response.ok ? response.json() : { words: [], counts: [] }))
      .catch(() => ({ words: [], counts: [] }))
      .then((data) => ({ known: new Set(data.words), words: data.words, counts: data.counts }));
    return vocabulary;
  };

  // Edits (insertions, deletions, substitutions, swaps of neighbours) from a to b, or
  // limit + 1 as soon as it is clear there are more.
  const distance = (a, b, limit) => {
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let smallest = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  };

  const corrected = (query, vocab) =>
    query.replace(/[A-Za-z][A-Za-z0-9]{3,}/g, (word) => {
      const lower = word.toLowerCase();
      if (vocab.known.has(lower)) return word;
      const limit = lower.length <= 5 ? 1 : 2;
      let best = word;
      let bestDistance = limit + 1;
      let bestCount = -1;
      vocab.words.forEach((candidate, index) => {
        if (Math.abs(candidate.length - lower.length) > limit) return;
        const edits = distance(lower, candidate, limit);
        const count = vocab.counts[index];
        if (edits < bestDistance || (edits === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = edits;
          bestCount = count;
        }
      });
      return bestDistance <= limit ? best : word;
    });

  // A query for a paper finds its page before the digest and theme pages that list it, unless
  // the query is that digest's or theme's own name.
  const isPaper = (data) => /\/papers\/[^/]+\/?$/.test(new URL(data.url, base).pathname);
  const papersFirst = (query, items) => {
    const named = (data) => (data.meta?.title || "").toLowerCase() === query.trim().toLowerCase();
    if (items.length && !isPaper(items[0]) && named(items[0])) return items;
    return [...items.filter(isPaper), ...items.filter((data) => !isPaper(data))];
  };

  const search = async (query) => {
    const ticket = ++latest;
    const filtered = filterBar.querySelector("select option:checked:not([value=''])");
    if (!query.trim() && !filtered) {
      meta.textContent = "Type to start searching";
      list.replaceChildren();
      return;
    }
    meta.textContent = "Searching…";
    const pagefind = await load();
    const within = await chosenFilter();
    if (ticket !== latest) return;
    if (!query.trim()) {
      const every = await pagefind.search(null); // every page, for the filters to choose from
      if (ticket !== latest) return;
      show(query, within ? every.results.filter(within) : [], "");
      return;
    }
    const asked = normalised(query);
    let found = await pagefind.debouncedSearch(asked, {}, 120);
    if (found === null || ticket !== latest) return;
    let instead = "";
    if (found.results.length < FEW) {
      const better = corrected(asked, await terms());
      if (ticket !== latest) return;
      if (better !== asked) {
        const again = await pagefind.search(better);
        if (ticket !== latest) return;
        if (again.results.length > found.results.length) {
          found = again;
          instead = better;
        }
      }
    }
    const results = within ? found.results.filter(within) : found.results;
    await show(query, results, instead, ticket);
  };

  const show = async (query, results, instead, ticket = latest) => {
    const top = await Promise.all(results.slice(0, 12).map((result) => result.data()));
    if (ticket !== latest) return;
    const count = results.length;
    const counted =
      count === 0 ? "No matching documents" : `${count} matching document${count === 1 ? "" : "s"}`;
    meta.textContent = instead ? `${counted} for “${instead}”` : counted;
    list.replaceChildren(...papersFirst(query, top).map(item));
  };

  root.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
  root.querySelector("form").addEventListener("reset", () => setTimeout(() => search(""), 0));
  input.addEventListener("focus", () => {
    toggle.checked = true;
    load();
    showFilters();
  });
  input.addEventListener("input", () => search(input.value));
  toggle.addEventListener("change", () => {
    if (toggle.checked) setTimeout(() => input.focus(), 50);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "/" && document.activeElement === document.body) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();

// Sort and filter the paper lists of theme and digest pages ([data-rd-sortable]): by their
// own order (relevance to the theme, or as listed), newest first, or most upvoted where the
// digests gave upvotes; and by words of the titles and first sentences. Without this script
// the list reads in its own order.
document.querySelectorAll("[data-rd-sortable]").forEach((list, number) => {
  const rows = [...list.children];
  if (rows.length < 2) return;
  const differ = (key) => new Set(rows.map((row) => row.dataset[key] || "")).size > 1;
  const themePage = document.querySelector('h2[id^="papers-most-representative"]');
  const orders = [["rank", themePage ? "Most representative" : "As listed"]];
  if (differ("rdDate")) orders.push(["date", "Newest first"]);
  if (differ("rdUpvotes")) orders.push(["upvotes", "Most upvoted"]);
  const controls = document.createElement("div");
  controls.className = "rd-list-controls";
  const sortId = `rd-sort-${number}`;
  const filterId = `rd-filter-${number}`;
  controls.innerHTML =
    `<label for="${sortId}">Sort</label> <select id="${sortId}"></select> ` +
    `<label for="${filterId}">Filter</label> ` +
    `<input id="${filterId}" type="search" placeholder="words in titles" autocomplete="off"> ` +
    `<span class="rd-list-count" aria-live="polite"></span>`;
  const select = controls.querySelector("select");
  for (const [value, label] of orders) select.add(new Option(label, value));
  const filter = controls.querySelector("input");
  const count = controls.querySelector(".rd-list-count");
  const rank = (row) => Number(row.dataset.rdRank);
  const compare = {
    rank: (a, b) => rank(a) - rank(b),
    date: (a, b) =>
      (b.dataset.rdDate || "").localeCompare(a.dataset.rdDate || "") || rank(a) - rank(b),
    upvotes: (a, b) =>
      Number(b.dataset.rdUpvotes ?? -1) - Number(a.dataset.rdUpvotes ?? -1) || rank(a) - rank(b),
  };
  const apply = () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const sorted = [...rows].sort(compare[select.value]);
    let shown = 0;
    for (const row of sorted) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((word) => text.includes(word));
      shown += row.hidden ? 0 : 1;
    }
    list.replaceChildren(...sorted);
    count.textContent = words.length ? `${shown} of ${rows.length} papers` : "";
  };
  select.addEventListener("change", apply);
  filter.addEventListener("input", apply);
  list.before(controls);
});

// "New since your last visit": digests that arrived after the reader's previous visit get a
// badge in the lists of digests. The day of the newest digest seen is kept in this browser's
// localStorage (per site), and this visit's starting point in sessionStorage so that the
// marks stay while the reader browses; nothing leaves the browser.
(() => {
  const rows = [...document.querySelectorAll("[data-rd-new-since] > li[data-rd-date]")];
  const feed = document.querySelector('link[rel="alternate"][href$="feeds/digests.xml"]');
  if (!rows.length || !feed) return;
  const site = new URL("..", feed.href).pathname;
  const seenKey = `reading-digest:${site}:newest-seen`;
  const visitKey = `reading-digest:${site}:visit-start`;
  try {
    let since = sessionStorage.getItem(visitKey);
    if (since === null) {
      since = localStorage.getItem(seenKey) || "";
      sessionStorage.setItem(visitKey, since);
    }
    const newest = rows.map((row) => row.dataset.rdDate).sort().pop();
    if (since) {
      for (const row of rows.filter((row) => row.dataset.rdDate > since)) {
        const badge = document.createElement("span");
        badge.className = "rd-badge rd-new";
        badge.textContent = "new since your last visit";
        row.append(badge);
      }
    }
    if (newest > (localStorage.getItem(seenKey) || "")) localStorage.setItem(seenKey, newest);
  } catch {
    // Storage refused (private mode, blocked cookies): no marks, the lists read as built.
  }
})();

// The theme map. The point nearest the pointer is highlighted and named, and a click or a tap
// opens it, however dense the map: the pointer need not be on the dot. A theme's mark in the
// list below the map is a button that shows that theme alone, and again all themes. Without
// this script every point is still a link with its title.
document.querySelectorAll(".rd-map svg").forEach((svg) => {
  const marks = [...svg.querySelectorAll("a > .rd-point")].map((shape) => {
    const box = shape.getBBox();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    return { shape, link: shape.parentElement, theme: shape.dataset.rdTheme, x, y };
  });
  if (!marks.length) return;
  const reach = 40; // map pixels: a tap lands within a finger's width of some point
  const tip = document.createElement("div");
  tip.className = "rd-map-tip";
  tip.hidden = true;
  svg.parentElement.append(tip);
  let near = null;
  let focus = null;
  const place = (event) =>
    new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
  const nearest = (point) => {
    let best = null;
    let distance = reach * reach;
    for (const mark of marks) {
      if (focus !== null && mark.theme !== focus) continue;
      const squared = (mark.x - point.x) ** 2 + (mark.y - point.y) ** 2;
      if (squared <= distance) {
        best = mark;
        distance = squared;
      }
    }
    return best;
  };
  const show = (mark) => {
    near?.shape.classList.remove("rd-near");
    near = mark;
    tip.hidden = !mark;
    if (!mark) return;
    mark.shape.classList.add("rd-near");
    tip.textContent = mark.link.getAttribute("aria-label");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    tip.style.left = `${Math.round(mark.x * scale)}px`;
    tip.style.top = `${Math.round(mark.y * scale) + 12}px`;
  };
  svg.addEventListener("pointermove", (event) => show(nearest(place(event))));
  svg.addEventListener("pointerleave", () => show(null));
  svg.addEventListener("click", (event) => {
    const mark = nearest(place(event));
    if (!mark) return;
    event.preventDefault();
    window.location.href = new URL(mark.link.getAttribute("href"), window.location.href).href;
  });
  const buttons = [];
  for (const legend of document.querySelectorAll(".rd-legend[data-rd-theme]")) {
    const theme = legend.dataset.rdTheme;
    const label = legend.parentElement.querySelector("a")?.textContent ?? "this theme";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "rd-legend-button";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-label", `Show only ${label} on the map`);
    button.append(...legend.childNodes);
    legend.append(button);
    buttons.push(button);
    button.addEventListener("click", () => {
      focus = focus === theme ? null : theme;
      const dim = (element, itsTheme) =>
        element.classList.toggle("rd-dim", focus !== null && itsTheme !== focus);
      for (const mark of marks) dim(mark.shape, mark.theme);
      for (const text of svg.querySelectorAll(".rd-map-labels text")) dim(text, text.dataset.rdTheme);
      for (const other of buttons) {
        other.setAttribute("aria-pressed", String(other === button && focus !== null));
      }
      show(null);
    });
  }
});
