// The search page of the default theme: reads ?q= and ?section= from the address, asks
// search-index/search.js (the library office-site writes with the index) and lists the results,
// the pages in the page's own language (<html lang>) first; a result in another language says
// so (its `lang`, `hreflang` and the language's name). Its words are the theme's strings of
// the page's language, in data attributes of the results' element. Everything a visitor reads
// is inserted as text (never as HTML), so page titles and excerpts cannot inject markup. The
// page without JavaScript shows a <noscript> notice.

const root = document.querySelector("[data-search-library]");
const lang = document.documentElement.lang || null;

/** The theme's string `name` (a data attribute), with each {key} of `values` filled in. */
function say(name, values = {}) {
  let text = root.dataset[name] ?? "";
  for (const [key, value] of Object.entries(values)) text = text.split(`{${key}}`).join(String(value));
  return text;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function resultItem(r) {
  const li = element("li", "search-result");
  const h = element("h2", "search-result__title");
  const a = element("a", null, r.title);
  a.href = r.url;
  if (lang && r.lang !== lang) {
    a.lang = r.lang;
    a.hreflang = r.lang;
    a.append(` (${r.langName})`);
  }
  h.append(a);
  li.append(h);
  const meta = element("p", "search-result__meta");
  if (r.section) meta.append(element("span", "search-result__section", r.section));
  if (r.date) {
    const t = element("time", null, r.dateText);
    t.dateTime = r.date;
    meta.append(element("span", "search-result__date", say("published")), t);
  }
  if (meta.childNodes.length) li.append(meta);
  const p = element("p", "search-result__excerpt");
  if (lang && r.lang !== lang) p.lang = r.lang;
  for (const part of r.excerpt) p.append(part.mark ? element("mark", null, part.text) : document.createTextNode(part.text));
  li.append(p);
  return li;
}

async function run() {
  const params = new URLSearchParams(location.search);
  const query = (params.get("q") ?? "").trim();
  const sectionUrl = params.get("section") ?? "";
  const input = document.getElementById("search-q");
  const select = document.getElementById("search-section");
  input.value = query;
  if ([...select.options].some((o) => o.value === sectionUrl)) select.value = sectionUrl;
  if (!query) {
    input.focus();
    return;
  }
  const status = root.querySelector(".search-results__status");
  const list = root.querySelector(".search-results__list");
  const more = root.querySelector(".search-results__more");
  root.hidden = false;
  status.textContent = say("searching");
  const library = await import(root.dataset.searchLibrary);
  const sections = await library.sections();
  const section = sections.find((s) => s.url === sectionUrl);
  const session = await library.search(query, { section: section ? section.id : null, lang });
  const show = async () => {
    const results = await session.next(10);
    for (const r of results) list.append(resultItem(r));
    more.hidden = session.done;
    const count = say(session.done ? "count" : "countMore", { count: session.found });
    const values = { query, count, section: section ? section.title : "" };
    const key = (session.found ? "found" : "none") + (section ? "In" : "");
    status.textContent = say(key, values);
  };
  more.addEventListener("click", async () => {
    const first = list.children.length;
    await show();
    list.children[first]?.querySelector("a")?.focus();
  });
  await show();
}

if (root) {
  run().catch((e) => {
    root.hidden = false;
    root.querySelector(".search-results__status").textContent = say("failed");
    console.error(e);
  });
}
