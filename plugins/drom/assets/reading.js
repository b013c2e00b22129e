/* Lesson pages on a phone: a sticky "activity n of m" bar (drom/reading.py renders its list of activities)
   and activities a teacher can fold, the folded ones kept in the URL (?fold=legend,compare) so that a
   reload, a bookmark or a shared link opens the lesson the same way. No requests, no inline styles. */
(function () {
  "use strict";

  // Tables scroll inside a focusable region (drom/reading.py); a table that fits needs no tab stop.
  function tables() {
    var regions = Array.prototype.slice.call(document.querySelectorAll(".drom-table-scroll"));
    function check() {
      regions.forEach(function (region) {
        if (region.scrollWidth > region.clientWidth + 1) region.setAttribute("tabindex", "0");
        else region.removeAttribute("tabindex");
      });
    }
    if (!regions.length) return;
    check();
    window.addEventListener("resize", check, { passive: true });
    // The theme's script wraps each table later (after the first paint): look again when it has.
    if (window.MutationObserver) {
      var observer = new MutationObserver(check);
      regions.forEach(function (region) { observer.observe(region, { childList: true }); });
    }
  }

  function start() {
    tables();
    activities();
  }

  function activities() {
    var nav = document.querySelector("[data-drom-activity-nav]");
    if (!nav) return;
    var list = nav.querySelector("ol");
    var items = Array.prototype.slice.call(list.querySelectorAll("a")).map(function (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      return { id: id, link: link, heading: document.getElementById(id) };
    }).filter(function (item) { return item.heading; });
    if (!items.length) return;
    document.body.classList.add("drom-has-activity-nav");

    // --- the bar: previous, "activity n of m" (opens the list), next ---------------------------------
    var previous = document.createElement("a");
    previous.className = "drom-activity-nav__step";
    previous.setAttribute("aria-label", nav.getAttribute("data-previous"));
    previous.textContent = "‹";
    var next = document.createElement("a");
    next.className = "drom-activity-nav__step";
    next.setAttribute("aria-label", nav.getAttribute("data-next"));
    next.textContent = "›";
    var current = document.createElement("button");
    current.type = "button";
    current.className = "drom-activity-nav__current";
    current.setAttribute("aria-expanded", "false");
    list.id = "drom-activity-list";
    list.className = "drom-activity-nav__list";
    list.hidden = true;
    current.setAttribute("aria-controls", list.id);
    nav.appendChild(previous);
    nav.appendChild(current);
    nav.appendChild(next);
    nav.appendChild(list);
    function open(state) {
      list.hidden = !state;
      current.setAttribute("aria-expanded", String(state));
    }
    current.addEventListener("click", function () { open(list.hidden); });
    list.addEventListener("click", function () { open(false); });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) {
        open(false);
        current.focus();
      }
    });

    var shown = -1;
    function update() {
      // The activity whose heading has passed the top third of the screen (or the bar) is the current one.
      var offset = Math.max(nav.getBoundingClientRect().bottom + 8, window.innerHeight * 0.3);
      var index = 0;
      items.forEach(function (item, i) {
        if (item.heading.getBoundingClientRect().top <= offset) index = i;
      });
      if (index === shown) return;
      shown = index;
      current.textContent = nav.getAttribute("data-of")
        .replace("{n}", String(index + 1)).replace("{m}", String(items.length)) + " · " + items[index].link.textContent;
      items.forEach(function (item, i) {
        if (i === index) item.link.setAttribute("aria-current", "step");
        else item.link.removeAttribute("aria-current");
      });
      setStep(previous, items[index - 1]);
      setStep(next, items[index + 1]);
    }
    function setStep(link, item) {
      // A link with nowhere to go keeps a real target (a link without href is not a link) but is hidden.
      link.href = "#" + (item || items[shown]).id;
      link.hidden = !item;
    }
    var waiting = false;
    window.addEventListener("scroll", function () {
      if (waiting) return;
      waiting = true;
      window.requestAnimationFrame(function () { waiting = false; update(); });
    }, { passive: true });
    window.addEventListener("hashchange", function () { shown = -1; update(); });
    update();

    // --- folds ----------------------------------------------------------------------------------------
    var folded = (new URLSearchParams(window.location.search).get("fold") || "").split(",").filter(Boolean);
    var folds = items.map(function (item) {
      var meta = item.heading.nextElementSibling;
      var host = meta && meta.classList.contains("drom-activity-meta") ? meta : null;
      var box = document.createElement("div");
      box.className = "drom-fold";
      box.id = "drom-fold-" + item.id;
      var node = (host || item.heading).nextElementSibling;
      while (node && !/^H[12]$/.test(node.tagName)) {
        var following = node.nextElementSibling;
        box.appendChild(node);
        node = following;
      }
      (host || item.heading).insertAdjacentElement("afterend", box);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "drom-fold-toggle md-button";
      button.setAttribute("aria-controls", box.id);
      button.setAttribute("data-activity", item.id);
      var fold = { id: item.id, box: box, button: button, title: item.link.textContent };
      button.addEventListener("click", function () {
        set(fold, !box.hidden);
        save();
      });
      if (host) host.appendChild(button);
      else item.heading.insertAdjacentElement("afterend", button);
      set(fold, folded.indexOf(item.id) !== -1);
      return fold;
    });

    function set(fold, hide) {
      fold.box.hidden = hide;
      fold.button.setAttribute("aria-expanded", String(!hide));
      fold.button.textContent = nav.getAttribute(hide ? "data-unfold" : "data-fold");
      fold.button.setAttribute("aria-label", fold.button.textContent + ": " + fold.title);
    }

    function save() {
      var ids = folds.filter(function (fold) { return fold.box.hidden; }).map(function (fold) { return fold.id; });
      var params = new URLSearchParams(window.location.search);
      if (ids.length) params.set("fold", ids.join(","));
      else params.delete("fold");
      var query = params.toString().replace(/%2C/g, ",");
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      shown = -1;
      update();
    }
  }

  // Once: overrides/main.html sends DOMContentLoaded a second time for Material's bundle.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
