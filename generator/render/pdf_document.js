// The monthly report page rearranged into a document before Chromium prints it
// (generator/render/pdf.py): a cover, a one-page executive summary, then the detail.
// Everything here moves the page's own elements or writes text with textContent: no HTML is
// built from strings, so nothing collected from a post can become markup.
// The summary takes what the report has, by class, and skips what it lacks:
//   .obs-lead, .obs-crisis-banner, .obs-cards (+ its note), .obs-compare, .obs-todo (+ heading).
(texts) => {
  const article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  if (!article) {
    return { ok: false, reason: "no article in the page" };
  }
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  const own = (selector) => Array.from(article.querySelectorAll(selector));

  // Web chrome that lives inside the article: tag pills, edit buttons, permalinks.
  for (const node of own(".md-tags, .md-content__button, .md-source-file, .headerlink")) {
    node.remove();
  }

  const cardTitles = own(".obs-card__title").map((node) => node.textContent.trim());
  const brands = (cardTitles.length ? cardTitles : texts.brands || [])
    .filter((name, index, all) => name && all.indexOf(name) === index)
    .sort((a, b) => a.localeCompare(b, texts.lang));

  // -- cover ------------------------------------------------------------------------------------
  const cover = make("section", "obs-print-cover");
  cover.append(make("p", "obs-print-cover__site", texts.site));
  const title = make("h1", "obs-print-cover__title");
  title.setAttribute("aria-label", texts.title);
  title.append(make("span", "obs-print-cover__kind", texts.kind));
  title.append(make("span", "obs-print-cover__month", texts.month));
  cover.append(title);
  if (brands.length) {
    cover.append(make("p", "obs-print-cover__label", texts.brands_label));
    const list = make("ul", "obs-print-cover__brands");
    for (const name of brands) list.append(make("li", "", name));
    cover.append(list);
  }
  const foot = make("div", "obs-print-cover__foot");
  foot.append(make("p", "obs-print-cover__date", texts.published));
  if (texts.online) foot.append(make("p", "obs-print-cover__url", texts.online));
  cover.append(foot);

  // -- executive summary ------------------------------------------------------------------------
  const summary = make("section", "obs-print-summary");
  summary.append(make("h2", "obs-print-summary__title", texts.summary));
  const take = (node) => {
    if (node && node.isConnected && !summary.contains(node)) summary.append(node);
  };
  take(article.querySelector(".obs-lead"));
  for (const node of own(".obs-crisis-banner")) take(node);
  const cards = article.querySelector(".obs-cards");
  if (cards) {
    const note = cards.nextElementSibling;
    take(cards);
    if (note && note.classList.contains("obs-note")) take(note);
    // No orphan card on paper: 4 cards make 2 x 2, 7 make 4 + 3, and so on.
    const count = cards.querySelectorAll(":scope > .obs-card").length;
    let columns = Math.min(count, 3);
    if (count > 3) {
      columns = [3, 4, 2].find((c) => count % c === 0)
        || [3, 4, 2].find((c) => count % c >= c - 1) || 3;
    }
    cards.style.setProperty("--obs-print-columns", String(Math.max(columns, 1)));
  }
  for (const node of own(".obs-compare")) take(node);
  const todo = article.querySelector(".obs-todo");
  if (todo && todo.children.length) {
    const heading = todo.previousElementSibling;
    if (heading && /^H[23]$/.test(heading.tagName)) take(heading);
    take(todo);
  } else if (todo) {
    const heading = todo.previousElementSibling;
    if (heading && /^H[23]$/.test(heading.tagName)) heading.remove();
    todo.remove();
  }

  // -- the detail: what is left of the article, from a new page ---------------------------------
  const detail = make("section", "obs-print-detail");
  const pageTitle = article.querySelector("h1");
  if (pageTitle) pageTitle.remove(); // the cover says it
  while (article.firstChild) detail.append(article.firstChild);
  article.append(cover, summary, detail);

  // The summary is one page: shrink it (CSS zoom reflows) when the month has much to say.
  const available = texts.page_height_px;
  const height = summary.getBoundingClientRect().height;
  let zoom = 1;
  if (height > available) {
    zoom = Math.max(texts.min_zoom, Math.floor((available / height) * 100) / 100);
    summary.style.zoom = String(zoom);
    // Zoomed out, the column is wider and lines rewrap: grow back while it still fits.
    while (zoom + 0.02 <= 1) {
      summary.style.zoom = String(zoom + 0.02);
      if (summary.getBoundingClientRect().height > available) {
        summary.style.zoom = String(zoom);
        break;
      }
      zoom = Math.round((zoom + 0.02) * 100) / 100;
    }
  }
  return {
    ok: true,
    brands,
    summary: {
      lead: !!summary.querySelector(".obs-lead"),
      banners: summary.querySelectorAll(".obs-crisis-banner").length,
      cards: !!summary.querySelector(".obs-cards"),
      compare: summary.querySelectorAll(".obs-compare").length,
      todo: !!summary.querySelector(".obs-todo"),
    },
    height,
    zoom,
  };
}
