/* Curriculum pages: print and share, catalogue filters kept in the URL, the next holiday, glossary search.
   Everything here enhances HTML that already works without JavaScript. No requests, no dependencies. */
(function () {
  "use strict";

  function tools() {
    document.querySelectorAll("[data-drom-tools]").forEach(function (box) {
      var status = box.querySelector(".drom-tools__status");
      var print = box.querySelector("[data-drom-print]");
      if (print) print.addEventListener("click", function () { window.print(); });
      var share = box.querySelector("[data-drom-share]");
      if (!share) return;
      share.addEventListener("click", function () {
        var url = share.getAttribute("data-url") || window.location.href;
        if (navigator.share) {
          navigator.share({ title: document.title, url: url }).catch(function () {});
        } else if (navigator.clipboard) {
          navigator.clipboard.writeText(url).then(function () {
            if (status) status.textContent = share.getAttribute("data-copied");
          });
        } else {
          window.prompt("", url);
        }
      });
    });
  }

  function catalogue() {
    var form = document.querySelector("[data-drom-filters]");
    if (!form) return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".drom-catalogue__item"));
    var count = form.querySelector(".drom-filters__count");
    var fields = { grade: "grades", theme: "themes", duration: "duration", lang: "langs" };
    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (name) {
      var select = form.elements[name];
      if (select && params.get(name)) select.value = params.get(name);
    });
    function apply() {
      var query = new URLSearchParams();
      var shown = 0;
      Object.keys(fields).forEach(function (name) {
        if (form.elements[name].value) query.set(name, form.elements[name].value);
      });
      items.forEach(function (item) {
        var visible = Object.keys(fields).every(function (name) {
          var wanted = form.elements[name].value;
          if (!wanted) return true;
          return (item.getAttribute("data-" + fields[name]) || "").split(" ").indexOf(wanted) !== -1;
        });
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      if (count) {
        count.textContent = count.getAttribute("data-template")
          .replace("{n}", String(shown)).replace("{total}", String(items.length));
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function upcoming() {
    // Each event's next day: a month-day recurs yearly; a movable feast lists its days (data-dates).
    document.querySelectorAll("[data-drom-upcoming]").forEach(function (list) {
      var now = new Date();
      var pad = function (n) { return String(n).padStart(2, "0"); };
      var year = now.getFullYear();
      var today = year + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
      var items = Array.prototype.slice.call(list.children);
      if (!items.length) return;
      var next = items.map(function (li) {
        var days = (li.getAttribute("data-dates") || "").split(" ").filter(Boolean);
        if (!days.length) {
          var day = year + "-" + li.getAttribute("data-date");
          return [day >= today ? day : (year + 1) + "-" + li.getAttribute("data-date"), li];
        }
        var coming = days.filter(function (d) { return d >= today; })[0];
        li.hidden = !coming;
        li.querySelectorAll("time").forEach(function (time) { time.hidden = time.getAttribute("datetime") !== coming; });
        return [coming || "9999", li];
      });
      next.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
      next.forEach(function (pair) { list.appendChild(pair[1]); });
      next[0][1].classList.add("drom-upcoming__next");
    });
  }

  function glossary() {
    var list = document.querySelector(".drom-glossary");
    var template = document.querySelector("[data-drom-glossary-filter]");
    if (!list || !template) return;
    var input = template.querySelector("input");
    var count = template.querySelector("[role=status]");
    var entries = Array.prototype.slice.call(list.querySelectorAll(".drom-glossary__entry"));
    function fold(text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    entries.forEach(function (entry) { entry.setAttribute("data-text", fold(entry.textContent)); });
    function apply() {
      var query = fold(input.value.trim());
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = !query || entry.getAttribute("data-text").indexOf(query) !== -1;
        entry.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = count.getAttribute("data-template").replace("{n}", String(shown));
    }
    input.addEventListener("input", apply);
    apply();
  }

  var started = false;

  function start() {
    if (started) return; // overrides/main.html sends Material a second DOMContentLoaded: never set up twice
    started = true;
    tools();
    catalogue();
    upcoming();
    glossary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
