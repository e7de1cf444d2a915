// "Copy" buttons on each citation of the "Cite this post" panel.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // file:// and plain-http hosts: the older way, through a selection.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

function addCopyButtons() {
  for (const style of document.querySelectorAll(".cite-panel .citation-style")) {
    const text = style.querySelector(".citation-text");
    const label = style.querySelector(".citation-label");
    if (!text || !label) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-citation";
    button.textContent = "Copy";
    button.setAttribute("aria-label", `Copy the ${label.textContent} citation`);
    button.addEventListener("click", () => {
      const plain = text.innerText.replace(/\s+$/, "");
      copyText(plain).then(
        () => { button.textContent = "Copied"; },
        () => { button.textContent = "Select and copy by hand"; },
      );
      setTimeout(() => { button.textContent = "Copy"; }, 2500);
    });
    label.appendChild(button);
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", addCopyButtons);
} else {
  addCopyButtons();
}

// The colour-mode buttons (templates/theme-switcher.html) say which is on.
function markMode() {
  const mode = document.documentElement.dataset.mode || "auto";
  for (const button of document.querySelectorAll(".bindery-modes .theme-change-button")) {
    button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
  }
}

function watchMode() {
  markMode();
  new MutationObserver(markMode).observe(document.documentElement, { attributes: true, attributeFilter: ["data-mode"] });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", watchMode);
} else {
  watchMode();
}

// The sidebar toggle the reader sees is the article header's.  The theme's
// scripts bind the first ".primary-toggle" in the page when it is ready,
// and that is the site header's, which the book theme never shows: it
// goes (this runs before them), so the one shown opens the sidebar.
for (const hidden of document.querySelectorAll("#pst-header .primary-toggle")) {
  if (document.querySelector(".bd-header-article .primary-toggle")) hidden.remove();
}

// The keyboard reaches the article before the sidebar: the sidebar (70
// links of indexes, categories and years) comes after the article in the
// page, and is shown where it was, left of it (bindery.css: `order`).
// The theme puts it first, so that its toggle, in the article's header,
// was the 68th stop of the Tab key.  Moved before the theme's script runs.
{
  const sidebar = document.getElementById("pst-primary-sidebar");
  const main = document.getElementById("main-content");
  if (sidebar && main && sidebar.parentElement === main.parentElement) main.after(sidebar);
}

// "/" opens search, as on most sites with a search box (the theme only
// knows Ctrl+K); not while the reader is typing in a field.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"))) {
    return;
  }
  const field = document.getElementById("bindery-search-query");
  const button = document.querySelector(".search-button__button");
  if (!field && !button) return;
  event.preventDefault();
  if (field) field.focus();
  else button.click();
});
